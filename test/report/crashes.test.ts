import t from 'tap';
import { crashWarnings, unfinishedTests } from '../../src/report/crashes.js';
import type { ProcessTrace } from '../../src/trace/read.js';
import { end, proc, run, start } from '../fixtures/events.js';

const summary = (exitCode: number | null, signal: string | null) => ({ index: 0, exitCode, signal, durationMs: 1, perturbation: {}, order: 'default' });

t.test('unfinished tests: a start without an end in the same process', async (t) => {
  const r = run(0, proc([start('a'), end('a'), start('b')]));
  t.same(unfinishedTests(r), [{ test: 'b', proc: 0 }]);
  t.same(unfinishedTests(run(0, proc([start('a'), end('a')]))), []);
  t.same(unfinishedTests(run(0, proc([end('x')]))), [], 'an end without a start is not a crash');
});

t.test('the warning names the signal, or the exit code, of the command', async (t) => {
  const r = run(0, proc([start('a'), end('a'), start('b')]));
  t.match(crashWarnings([summary(null, 'SIGKILL')], [r]), [{ where: 'traces/0/100.jsonl', message: /test b never finished: the command was killed by SIGKILL/ }]);
  t.match(crashWarnings([summary(3, null)], [r]), [{ message: /exited \(code 3\)/ }]);
  t.same(crashWarnings([summary(0, null)], [run(0, proc([start('a'), end('a')]))]), []);
});

t.test('a worker process that died is named as such, not as the command being killed', async (t) => {
  const parent = proc([start('x'), end('x')], 100);
  const worker: ProcessTrace = { ...proc([start('w'), { ev: 'test-start', test: 'v', runner: 'pytest' }, end('w')], 200) };
  worker.header = { ...worker.header, ppid: 100 };
  const warnings = crashWarnings([summary(1, null)], [run(0, parent, worker)]);
  t.match(warnings, [{ message: /test v never finished: its process \(pid 200, a worker or subprocess\) died/ }]);
});
