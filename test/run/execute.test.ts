import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { executeRun } from '../../src/run/execute.js';

t.test('onSpawn is told once the child has started, before its run ends', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fs-execute-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const calls: string[] = [];
  const running = executeRun({
    argv: [process.execPath, '-e', 'setTimeout(() => {}, 100)'], env: process.env, traceDir: dir,
    listFile: path.join(dir, 'list.txt'), logFile: path.join(dir, 'out.log'), onSpawn: () => calls.push('spawned'),
  }).then((r) => { calls.push('ended'); return r; });
  const r = await running;
  t.equal(r.exitCode, 0);
  t.same(calls, ['spawned', 'ended']);
});
