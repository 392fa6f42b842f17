import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { FinishedRuns } from '../../src/trace/finished-runs.js';

const trace = (pid: number): string => `${JSON.stringify({ ev: 'header', v: 1, pid, ppid: 1, python: '3.11.7', executable: 'python3', argv: [], cwd: '/', run: 0, t0: 1, wall: 1, chained: null, shimVersion: '1' })}\n`;

t.test('each finished run is read once, in the order asked', async (t) => {
  const dir = t.testdir({ traces: { 0: { '10.jsonl': trace(10) }, 1: { '11.jsonl': trace(11) } } });
  const finished = new FinishedRuns(dir);
  t.same((await finished.get([0])).map((r) => r.processes.map((p) => p.header.pid)), [[10]]);
  // A file appearing later in run 0 is not read again: run 0 had finished when it was first read.
  writeFileSync(path.join(dir, 'traces', '0', '12.jsonl'), trace(12));
  const runs = await finished.get([1, 0]);
  t.same(runs.map((r) => r.index), [1, 0]);
  t.same(runs.map((r) => r.processes.map((p) => p.header.pid)), [[11], [10]]);
});

t.test('a run folder that does not exist reads as a run without processes', async (t) => {
  const dir = t.testdir({});
  mkdirSync(path.join(dir, 'traces'));
  t.same(await new FinishedRuns(dir).get([3]), [{ index: 3, processes: [] }]);
});
