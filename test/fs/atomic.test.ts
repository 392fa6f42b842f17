import t from 'tap';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../src/fs/atomic.js';

const TIMEOUT_MS = 5_000;

t.test('ensurePrivateDir creates missing parents 0700 and accepts an existing folder', async (t) => {
  const dir = t.testdir({});
  const deep = path.join(dir, 'a', 'b', 'c');
  await ensurePrivateDir(deep);
  for (const p of ['a', 'a/b', 'a/b/c']) t.equal(statSync(path.join(dir, p)).mode & 0o777, 0o700, p);
  await ensurePrivateDir(deep);
  t.pass('second call is fine');
});

t.test('ensurePrivateDir fails (does not spin) where a folder cannot be made', { timeout: TIMEOUT_MS }, async (t) => {
  const dir = t.testdir({ file: 'x' });
  await t.rejects(ensurePrivateDir('/proc/flakescope-nope/x'), { code: 'ENOENT' });
  await t.rejects(ensurePrivateDir(path.join(dir, 'file')), { code: 'EEXIST' });
  await t.rejects(ensurePrivateDir(path.join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
});

t.test('writeFileAtomic replaces a symlink, never writes through it', async (t) => {
  const dir = t.testdir({ victim: 'untouched', out: {} });
  const { symlinkSync, readFileSync, lstatSync } = await import('node:fs');
  symlinkSync(path.join(dir, 'victim'), path.join(dir, 'out', 'report.json'));
  await writeFileAtomic(path.join(dir, 'out', 'report.json'), '{}');
  t.equal(readFileSync(path.join(dir, 'victim'), 'utf8'), 'untouched');
  t.notOk(lstatSync(path.join(dir, 'out', 'report.json')).isSymbolicLink());
  t.equal(statSync(path.join(dir, 'out', 'report.json')).mode & 0o777, 0o600);
  t.same(readdirSync(path.join(dir, 'out')), ['report.json'], 'no temp file left');
});
