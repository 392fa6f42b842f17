import t from 'tap';
import type { Finding } from '../../src/check/finding.js';
import { flaky } from '../../src/check/flaky.js';
import { hangs } from '../../src/check/hang.js';
import { order } from '../../src/check/order.js';
import { timing } from '../../src/check/timing.js';
import { assemble, candidateOf } from '../../src/repro/candidate.js';
import { repeatFor } from '../../src/repro/index.js';
import type { ProcessTrace } from '../../src/trace/read.js';
import { attemptsByTest } from '../../src/trace/outcomes.js';
import type { Perturbation } from '../../src/trace/schema.js';
import { end, header, proc, run, start, type Ev } from '../fixtures/events.js';

const sleep = (test: string, line: number): Ev => ({ ev: 'sleep', test, api: 'time.sleep', requested: 0.1, actual: 0.1, site: { file: 't.py', line } });
const withP = (p: ProcessTrace, perturbation: Perturbation): ProcessTrace => ({ ...p, header: { ...header(), perturbation } });
const timingFinding: Finding = { id: 'x', kind: 'timing-sensitive', severity: 'error', test: 'race', site: null, message: '', evidence: {} };
const race = (outcome: 'passed' | 'failed'): Ev[] => [start('race'), sleep('race', 5), sleep('race', 9), end('race', outcome)];

t.test('timing: a global sleep scale that failed the test becomes one component per site it scaled', async (t) => {
  const runs = [
    run(0, proc(race('passed'))),
    run(1, withP(proc(race('failed')), { sleepScale: 0 })),
    run(2, withP(proc(race('failed')), { sleepScale: 0 })),
  ];
  const c = candidateOf(timingFinding, attemptsByTest(runs), true);
  t.same(c?.components, [{ kind: 'site', key: 't.py:5', scale: 0 }, { kind: 'site', key: 't.py:9', scale: 0 }]);
  t.same(c?.observed, { failed: 2, runs: 2 });
  t.same(c && assemble(c, [c.components[1]!]), { tests: ['race'], perturbation: { sleepSites: { 't.py:9': 0 } } });
});

t.test('timing: the localised perturbation wins over the global one at the same failure rate', async (t) => {
  // Three plain passes, and each site scaled alone four times: enough for the claim on t.py:9.
  const runs = [
    ...[0, 1, 2].map((i) => run(i, proc(race('passed')))),
    run(3, withP(proc(race('failed')), { sleepScale: 0 })),
    ...[4, 5, 6, 7].map((i) => run(i, withP(proc(race('failed')), { sleepSites: { 't.py:9': 0 } }))),
    ...[8, 9, 10, 11].map((i) => run(i, withP(proc(race('passed')), { sleepSites: { 't.py:5': 0 } }))),
  ];
  const f = timing(runs).find((x) => x.kind === 'timing-sensitive');
  const c = f ? candidateOf(f, attemptsByTest(runs), true) : null;
  t.same(c?.components, [{ kind: 'site', key: 't.py:9', scale: 0 }]);
});

t.test('timing under CPU noise: the reproducer says it cannot carry the noise', async (t) => {
  const runs = [run(0, proc(race('passed'))), ...[1, 2, 3].map((i) => run(i, withP(proc(race('failed')), { jitterMs: 5, seed: 3, cpuNoise: 2 } as Perturbation)))];
  const c = candidateOf(timingFinding, attemptsByTest(runs), true);
  t.same(c?.components, [{ kind: 'setting', name: 'jitterMs', settings: { jitterMs: 5, seed: 3 } }]);
  t.match(c?.notes.join(' '), /CPU noise/);
});

t.test('order: the polluter(s) in the order they ran, then the victim', async (t) => {
  const runs = [
    run(0, proc([start('a'), end('a'), start('p'), end('p'), start('b'), end('b'), start('v'), end('v', 'failed')])),
    run(1, proc([start('v'), end('v')])),
    run(2, proc([start('p'), end('p'), start('v'), end('v', 'failed')])),
    run(3, proc([start('a'), end('a'), start('b'), end('b'), start('v'), end('v')])),
  ];
  const f = order(runs)[0];
  t.ok(f);
  const c = candidateOf(f!, attemptsByTest(runs), true);
  t.same(c?.components, [{ kind: 'test', test: 'p' }]);
  t.same(c && assemble(c, c.components).tests, ['p', 'v']);
  t.same(c?.fixed, {});
});

t.test('order under a reversed run, for a runner that keeps its own order: the order goes in the fixed settings', async (t) => {
  const rev = (events: Ev[]): ProcessTrace => withP(proc(events), { order: 'reverse' });
  const runs = [
    run(0, proc([start('v'), end('v'), start('p'), end('p')])),
    run(1, rev([start('p'), end('p'), start('v'), end('v', 'failed')])),
    run(2, rev([start('p'), end('p'), start('v'), end('v', 'failed')])),
  ];
  const f = order(runs)[0];
  t.same(f && candidateOf(f, attemptsByTest(runs), false)?.fixed, { order: 'reverse' });
  t.same(f && candidateOf(f, attemptsByTest(runs), true)?.fixed, {});
});

t.test('flaky with no perturbation that raises it: no components, the observed rate sets the repeats', async (t) => {
  const runs = [0, 1, 2, 3, 4, 5].map((i) => run(i, proc([start('f'), end('f', i === 2 ? 'failed' : 'passed')])));
  const f = flaky(runs)[0];
  const c = f ? candidateOf(f, attemptsByTest(runs), true) : null;
  t.same(c?.components, []);
  t.same(c?.observed, { failed: 1, runs: 6 });
  t.equal(repeatFor(c!.observed), 26, '1 - (5/6)^26 >= 0.99');
});

t.test('repeats: none for a reliable failure, capped for a rare one', async (t) => {
  t.equal(repeatFor({ failed: 10, runs: 10 }), 1);
  t.equal(repeatFor({ failed: 1, runs: 1000 }), 30);
  t.equal(repeatFor({ failed: 1, runs: 2 }), 7, '1 - 0.5^7 >= 0.99');
});

t.test('hang: the hang limit is fixed, the observed rate counts hangs only', async (t) => {
  const hang: Ev = { ev: 'hang', test: 'h', timeout: 2, site: { file: 't.py', line: 4 }, stacks: [] };
  const runs = [
    run(0, proc([start('h'), end('h')])),
    run(1, proc([start('h'), hang, end('h', 'error')])),
    run(2, proc([start('h'), end('h', 'failed')])),
  ];
  const f = hangs(runs)[0];
  const c = f ? candidateOf(f, attemptsByTest(runs), true) : null;
  t.same(c?.fixed, { timeout: 2 });
  t.same(c?.observed, { failed: 1, runs: 3 });
});

t.test('kinds without a reproducer get none', async (t) => {
  t.equal(candidateOf({ id: 'x', kind: 'leaked-patch', severity: 'error', test: 'a', site: null, message: '', evidence: {} }, new Map(), true), null);
});
