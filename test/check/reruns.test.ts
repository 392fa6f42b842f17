import t from 'tap';
import { order } from '../../src/check/order.js';
import { judgeSleepSites, timing } from '../../src/check/timing.js';
import { flaky } from '../../src/check/flaky.js';
import { hangs } from '../../src/check/hang.js';
import { testVerdicts } from '../../src/check/test-verdicts.js';
import { end, header, proc, run, start, type Ev } from '../fixtures/events.js';

const sleep = (test: string, line: number, file = 'tests/t.py'): Ev => ({ ev: 'sleep', test, api: 'time.sleep', requested: 0.1, actual: 0.1, site: { file, line } });

// Per-site judgements (true, false, null with the runs behind them): test/check/site-judgement.test.ts.

t.test('an untested site stays null', async (t) => {
  const j = judgeSleepSites([run(0, proc([start('a'), sleep('a', 5), end('a')]))]);
  t.equal(j[0]?.outcomeDependsOnIt, null);
});

t.test('the polluter is the test before every failure and no pass', async (t) => {
  const runs = [
    run(0, proc([start('a'), end('a'), start('b'), end('b'), start('v'), end('v', 'failed')])),
    run(1, proc([start('v'), end('v')])),
    run(2, proc([start('a'), end('a'), start('v'), end('v')])),
    run(3, proc([start('b'), end('b'), start('v'), end('v', 'failed')])),
  ];
  const f = order(runs);
  t.equal(f.length, 1);
  t.equal(f[0]?.test, 'v');
  t.equal(f[0]?.evidence.polluter, 'b');
  const tests = testVerdicts(runs, f);
  t.equal(tests.find((x) => x.id === 'a')?.verdict, 'pass');
  t.equal(tests.find((x) => x.id === 'v')?.verdict, 'order-dependent');
});

t.test('a hang is reported at the blocking line and counted as hang', async (t) => {
  const hang: Ev = { ev: 'hang', test: 'h', timeout: 3, site: { file: 'tests/t.py', line: 9 }, stacks: [] };
  const runs = [run(0, proc([start('h'), hang, end('h', 'error'), start('next'), end('next')]))];
  const f = hangs(runs);
  t.equal(f[0]?.site?.line, 9);
  const tests = testVerdicts(runs, f);
  t.equal(tests.find((x) => x.id === 'h')?.outcomes.hang, 1);
  t.equal(tests.find((x) => x.id === 'h')?.verdict, 'hang');
  t.equal(tests.find((x) => x.id === 'next')?.verdict, 'pass');
});

t.test('failure rates per condition: perturbed failures never count against the plain rate', async (t) => {
  const runs = [
    run(0, proc([start('w'), end('w')])), run(1, proc([start('w'), end('w')])),
    run(2, { ...proc([start('w'), end('w', 'failed')]), header: { ...header(), perturbation: { sleepSites: { 'tests/t.py:139': 0 } } } }),
    run(3, { ...proc([start('w'), end('w', 'failed')]), header: { ...header(), perturbation: { jitterMs: 5, seed: 1 } } }),
  ];
  const w = testVerdicts(runs).find((x) => x.id === 'w');
  t.same(w?.failureRate.estimate, 0, 'the plain rate: 0 of 2');
  t.same(w?.failureRates?.map((r) => [r.condition, r.failed, r.runs]), [['plain', 0, 2], ['jitter=5ms', 1, 1], ['tests/t.py:139 at 0x', 1, 1]]);
});

t.test('a hang only under a perturbation is a warning that says so, with its stacks', async (t) => {
  const hang: Ev = { ev: 'hang', test: 'h', timeout: 60, site: { file: 'tests/t.py', line: 9 }, stacks: [{ tid: 1, name: 'MainThread', frames: [{ file: 'tests/t.py', line: 9 }] }] };
  const plain = run(0, proc([start('h'), end('h')]));
  const zero = run(1, { ...proc([start('h'), hang, end('h', 'error')]), header: { ...header(), perturbation: { sleepScale: 0 } } });
  const f = hangs([plain, zero]);
  t.equal(f[0]?.severity, 'warning');
  t.match(f[0]?.message, /only under a perturbation \(sleep-scale=0\), never in its 1 plain run/);
  t.equal((f[0]?.evidence.stacks as unknown[]).length, 1);
  t.equal(hangs([run(0, proc([start('h'), hang, end('h', 'error')]))])[0]?.severity, 'error', 'a plain hang is an error');
});

t.test('a flaky test\'s message gives the plain rate apart from each perturbation', async (t) => {
  const runs = [
    run(0, proc([start('f'), end('f')])), run(1, proc([start('f'), end('f', 'failed')])),
    run(2, { ...proc([start('f'), end('f', 'failed')]), header: { ...header(), perturbation: { jitterMs: 5, seed: 1 } } }),
  ];
  const f = flaky(runs)[0];
  t.match(f?.message, /^f failed 1 of 2 plain runs \(failure rate 9–91% at 95% confidence\) and 1 of 1 under jitter=5ms/);
  t.same((f?.evidence.failureRates as Array<{ condition: string }>).map((r) => r.condition), ['plain', 'jitter=5ms']);
});

t.test('a run that repeats every test puts the polluter before each repetition: the victim is order-dependent, not timing-sensitive', async (t) => {
  const jitter = (index: number, events: Ev[]) => run(index, { ...proc(events), header: { ...header(), perturbation: { jitterMs: 5, seed: 1 } } });
  const round = [start('p'), end('p'), start('v'), end('v', 'failed')];
  const runs = [
    run(0, proc(round)), run(1, proc(round)),
    ...[2, 3, 4, 5, 6].map((i) => run(i, proc([start('v'), end('v')]))),
    jitter(7, Array.from({ length: 10 }, () => round).flat()),
  ];
  t.same(order(runs).map((f) => [f.test, f.evidence.polluter]), [['v', 'p']]);
  t.same(timing(runs), [], 'every failure under jitter came after the polluter');
  const alone = [...runs, jitter(8, [start('v'), end('v', 'failed'), start('v'), end('v', 'failed'), start('v'), end('v', 'failed'), start('v'), end('v', 'failed'), start('v'), end('v', 'failed')])];
  t.same(timing(alone).map((f) => f.test), ['v'], 'failing under jitter without the polluter before it still counts');
});
