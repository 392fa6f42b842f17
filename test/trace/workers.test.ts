// Runs read in worker threads (large folders) must come back exactly as read in this thread. Worker
// threads load the built reader, so this compares the two paths of dist/ (npm test builds first).
import t from 'tap';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/trace/', import.meta.url));
const { readRunDir } = (await import(path.join(dist, 'read-run.js'))) as typeof import('../../src/trace/read-run.js');
const { readRunsInWorkers } = (await import(path.join(dist, 'workers.js'))) as typeof import('../../src/trace/workers.js');
const { Trail } = (await import(path.join(dist, 'trail.js'))) as typeof import('../../src/trace/trail.js');

const header = (pid: number, run: number) => JSON.stringify({ ev: 'header', v: 1, pid, ppid: 1, python: '3.11.7', argv: [], run, t0: 0 });

/** Trails, maps and sets as plain data, and whether each trail is a Trail again. */
const plain = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) =>
  v instanceof Trail ? { trail: [...v] } : v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v);

t.test('runs read in workers equal runs read here: folds, trails, warnings', async (t) => {
  const dir = t.testdir({});
  const tracesDir = path.join(dir, 'traces');
  for (const run of [0, 1, 2]) {
    mkdirSync(path.join(tracesDir, String(run)), { recursive: true });
    const events: object[] = [{ ev: 'test-start', t: 1, test: 'm.T.test_a', site: { file: 't.py', line: 1 } }];
    for (let i = 0; i < 50; i++) {
      const t0 = 10 + 3 * i;
      events.push({ ev: 'patch-start', t: t0, test: 'm.T.test_a', id: `p${i + 1}`, target: 'os.getcwd', via: 'mock.patch', how: 'context', owner: { scope: 'test', id: 'm.T.test_a' }, site: { file: 't.py', line: 3 } });
      events.push({ ev: 'sleep', t: t0 + 1, test: 'm.T.test_a', api: 'time.sleep', requested: 0, actual: 0.001, site: { file: 't.py', line: 4 } });
      events.push({ ev: 'patch-stop', t: t0 + 2, test: 'm.T.test_a', id: `p${i + 1}`, how: 'exit' });
    }
    events.push({ ev: 'test-end', t: 1000, test: 'm.T.test_a', outcome: run === 1 ? 'failed' : 'passed', duration: 0.1 });
    writeFileSync(path.join(tracesDir, String(run), '7.jsonl'), `${[header(7, run), ...events.map((e) => JSON.stringify(e))].join('\n')}\n{"ev":"te`);
  }
  const here = [];
  for (const run of ['0', '1', '2']) {
    const warnings: unknown[] = [];
    const newer: unknown[] = [];
    here.push({ run: await readRunDir(tracesDir, run, {}, warnings as never, newer as never), warnings, newer });
  }
  const inWorkers = await readRunsInWorkers(tracesDir, ['0', '1', '2'], {}, 2);
  t.equal(plain(['0', '1', '2'].map((r) => inWorkers.get(r))), plain(here));
  t.ok(inWorkers.get('0')?.run.processes.every((p) => 'attempts' in p && p.attempts.every((a) => a.trail instanceof Trail)), 'trails are Trails again');
  t.equal(here[0]?.warnings.length, 1, 'the torn last line is reported from both');
});
