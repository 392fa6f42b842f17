import t from 'tap';
import { crashes } from '../../src/check/crash.js';
import { testVerdicts } from '../../src/check/test-verdicts.js';
import { indexRun } from '../../src/trace/run-index.js';
import { proc, start, end } from '../fixtures/events.js';

const died = (index: number, meta: { signal: string | null; exitCode: number | null; killedForHang?: boolean }) =>
  indexRun({ index, processes: [proc([start('a'), end('a'), start('b')])] }, { perturbation: {}, ...meta });

t.test('the test running when the process died gets a crash finding with the signal', async (t) => {
  const runs = [died(0, { signal: 'SIGSEGV', exitCode: null })];
  const f = crashes(runs);
  t.equal(f.length, 1);
  t.equal(f[0]?.kind, 'crash');
  t.equal(f[0]?.test, 'b', 'the test with a start and no end');
  t.same(f[0]?.evidence, { runs: [0], how: ['killed by SIGSEGV'] });
  const tests = testVerdicts(runs, f, new Map([[0, 'SIGSEGV']]));
  t.equal(tests.find((x) => x.id === 'a')?.verdict, 'pass', 'earlier results are kept');
  t.equal(tests.find((x) => x.id === 'b')?.outcomes.crashed, 1);
  t.same(tests.find((x) => x.id === 'b')?.crashes, [{ run: 0, signal: 'SIGSEGV' }]);
});

t.test('os._exit: the exit code is named', async (t) => {
  t.same(crashes([died(3, { signal: null, exitCode: 7 })])[0]?.evidence, { runs: [3], how: ['exited with code 7'] });
});

t.test('a run flakescope killed for a hang is a hang, not a crash', async (t) => {
  t.same(crashes([died(0, { signal: 'SIGKILL', exitCode: null, killedForHang: true })]), []);
});

t.test('no crash when every test ended', async (t) => {
  t.same(crashes([indexRun({ index: 0, processes: [proc([start('a'), end('a', 'failed')])] }, { perturbation: {}, signal: null, exitCode: 1 })]), []);
});
