import t from 'tap';
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { writeReport } from '../../src/report/write.js';
import { writeFileAtomic } from '../../src/fs/atomic.js';
import type { Report } from '../../src/report/model.js';

const report: Report = { schemaVersion: 1, tool: { name: 'flakescope', version: '1' }, command: ['x'], runs: [], tests: [], sleeps: [], patches: [], fixtures: [], findings: [], warnings: [] };

t.test('report.json is written owner-only, into a new owner-only folder, with no temp files left', async (t) => {
  const out = path.join(t.testdir({}), 'out');
  let printed = '';
  const files = await writeReport(report, { outDir: out, formats: ['json', 'terminal'], stream: { write: (s: string) => (printed += s) }, color: false });
  t.same(files, [path.join(out, 'report.json')]);
  t.equal(statSync(out).mode & 0o777, 0o700);
  t.equal(statSync(path.join(out, 'report.json')).mode & 0o777, 0o600);
  t.same(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')), report);
  t.same(readdirSync(out), ['report.json']);
  t.match(printed, `report: ${path.join(out, 'report.json')}`);
});

t.test('atomic replace: an existing file is replaced whole and gets mode 0600', async (t) => {
  const dir = t.testdir({});
  const file = path.join(dir, 'report.json');
  writeFileSync(file, 'old', { mode: 0o644 });
  await writeFileAtomic(file, 'new contents');
  t.equal(readFileSync(file, 'utf8'), 'new contents');
  t.equal(statSync(file).mode & 0o777, 0o600);
  t.same(readdirSync(dir), ['report.json']);
});

t.test('a failed write leaves the old file intact and no temp file', { skip: process.getuid?.() === 0 ? 'root ignores directory permissions' : false }, async (t) => {
  const dir = t.testdir({ 'report.json': 'old' });
  chmodSync(dir, 0o500);
  t.teardown(() => chmodSync(dir, 0o700));
  await t.rejects(writeFileAtomic(path.join(dir, 'report.json'), 'new'));
  t.equal(readFileSync(path.join(dir, 'report.json'), 'utf8'), 'old');
});

t.test('unknown format names are refused', async (t) => {
  await t.rejects(writeReport(report, { outDir: t.testdir({}), formats: ['pdf'], stream: { write: () => true }, color: false }), /unknown report format "pdf"/);
});

t.test('output folders: nested ones are created, impossible ones fail fast instead of hanging', async (t) => {
  const { ensurePrivateDir } = await import('../../src/fs/atomic.js');
  const base = t.testdir({ file: 'x' });
  await ensurePrivateDir(path.join(base, 'a', 'b', 'c'));
  t.equal(statSync(path.join(base, 'a', 'b', 'c')).mode & 0o777, 0o700);
  await ensurePrivateDir(path.join(base, 'a', 'b', 'c'));
  await t.rejects(ensurePrivateDir(path.join(base, 'file')), { code: 'EEXIST' });
  await t.rejects(ensurePrivateDir(path.join(base, 'file', 'sub')), { code: 'ENOTDIR' });
  if (process.platform === 'linux') await t.rejects(ensurePrivateDir('/proc/flakescope-nope/x'), { code: 'ENOENT' });
});
