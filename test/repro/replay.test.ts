import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayEnv, replayOnce } from '../../src/repro/replay.js';

const dir = mkdtempSync(join(tmpdir(), 'fs-replay-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const opts = { limitMs: 10_000, logFile: join(dir, 'log') };

t.test('the env a pasted line gets: ours without FLAKESCOPE_*, then the reproducer\'s', async (t) => {
  const env = replayEnv({ HOME: '/h', FLAKESCOPE_TRACE_DIR: '/t', FLAKESCOPE_SLEEP_SCALE: '3', PYTHONPATH: '/old' }, { env: { PYTHONPATH: '/shim:/old', FLAKESCOPE_SLEEP_SITES: '{}' } });
  t.same(env, { HOME: '/h', PYTHONPATH: '/shim:/old', FLAKESCOPE_SLEEP_SITES: '{}' });
});

t.test('runs argv in cwd with env; a non-zero exit is a failure, output goes to the log', async (t) => {
  const ok = await replayOnce({ argv: ['sh', '-c', 'pwd; echo "$X"'], env: { X: 'from-env' }, cwd: dir }, 0, opts);
  t.equal(ok.failed, false);
  t.match(readFileSync(opts.logFile, 'utf8'), `${dir}\nfrom-env\n`);
  const bad = await replayOnce({ argv: ['sh', '-c', 'exit 3'], env: {}, cwd: dir }, 1, opts);
  t.same([bad.failed, bad.exitCode, bad.killed], [true, 3, false]);
});

t.test('a replay past its limit is killed and counts as failed', async (t) => {
  const r = await replayOnce({ argv: ['sleep', '30'], env: {}, cwd: dir }, 0, { ...opts, limitMs: 300 });
  t.same([r.failed, r.killed], [true, true]);
  t.ok(r.durationMs < 10_000);
});

t.test('a load-list is written before the replay', async (t) => {
  const listFile = join(dir, 'x.list');
  const r = await replayOnce({ argv: ['grep', '-q', 'pkg.T.v', listFile], env: {}, cwd: dir, listText: 'pkg.T.p\npkg.T.v\n', listFile }, 0, opts);
  t.equal(r.failed, false);
});
