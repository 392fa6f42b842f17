import t from 'tap';
import { fisherGreater } from '../../src/check/fisher.js';
import { isSuiteFile } from '../../src/check/suite-code.js';
import { judgeSleepSites, timing, type SiteJudgement } from '../../src/check/timing.js';
import { runsOf, times, type Exec, type SleepSpec } from '../fixtures/sleep-runs.js';

const RACE = 'tests.test_x.T.test_result_ready';
const HARMLESS = 'tests.test_x.T.test_harmless';
// The two-sleep race: a worker thread sleeps 0.01 s before it sets the result, the test
// waits 0.05 s and asserts. Line 11 is the worker's sleep, line 15 the test's wait.
// The worker's sleep ends 0.02 s into the test's 0.05 s one: they sleep side by side.
const worker: SleepSpec = { line: 11, requested: 0.01, actual: 0.01, tid: 2, t: 1.02e9 };
const waiter: SleepSpec = { line: 15, requested: 0.05, actual: 0.05, tid: 1, t: 1.05e9 };
const race = (outcome: 'passed' | 'failed', p?: Exec['p']): Exec => ({ test: RACE, outcome, sleeps: [worker, waiter], ...(p ? { p } : {}) });
const harmless = (p?: Exec['p']): Exec => ({ test: HARMLESS, outcome: 'passed', sleeps: [{ line: 19 }], ...(p ? { p } : {}) });
const sites = (...entries: Array<[number, number]>) => ({ sleepSites: Object.fromEntries(entries.map(([line, s]) => [`tests/t.py:${line}`, s])) });
const at = (js: SiteJudgement[], line: number, test = RACE) => js.find((j) => j.site.line === line && j.test === test);

const evidence: Exec[] = [
  ...times(3, race('passed')), ...times(3, harmless()),
  ...times(4, race('failed', sites([15, 0]))), ...times(4, race('passed', sites([15, 3]))),
  ...times(4, race('passed', sites([11, 0]))), ...times(4, race('passed', sites([11, 3]))),
  ...times(4, harmless(sites([19, 0]))), ...times(4, harmless(sites([19, 3]))),
];
const pair = times(4, race('passed', sites([11, 0], [15, 3])));

t.test('the two-sleep race: the deciding wait is true, the worker\'s sleep false once scaled against it, a harmless sleep false', async (t) => {
  const js = judgeSleepSites(runsOf([...evidence, ...pair]));
  t.equal(at(js, 15)?.outcomeDependsOnIt, true);
  t.same(at(js, 15)?.flippedAt, [0]);
  t.equal(at(js, 15)?.role, 'synchronisation');
  t.match(at(js, 15)?.reason, /scaled alone to 0x, 4 of 4 failed \(plain: 0 of 3 failed\)/);
  t.equal(at(js, 11)?.outcomeDependsOnIt, false, at(js, 11)?.reason ?? '');
  t.same(at(js, 11)?.partners, ['tests/t.py:15'], 'the sites sleep on different threads');
  t.equal(at(js, 11)?.role, 'cosmetic');
  t.equal(at(js, 19, HARMLESS)?.outcomeDependsOnIt, false);
  t.match(at(js, 19, HARMLESS)?.reason, /scaled alone to 0x and 3x: no more failures than plain in 4\+ runs each \(flip rate at most 49%/);
  const cond = at(js, 15)?.conditions.find((c) => c.scales['tests/t.py:15'] === 0);
  t.same([cond?.runs, cond?.failed, cond?.decides], [4, 4, true], 'per site: scale, runs, failures');
  const f = timing(runsOf([...evidence, ...pair])).filter((x) => x.kind === 'timing-sensitive');
  t.same(f.map((x) => [x.site?.line, x.severity]), [[15, 'error']]);
});

t.test('the worker\'s sleep stays null until it is scaled against the waiter in opposite directions', async (t) => {
  const js = judgeSleepSites(runsOf(evidence));
  t.equal(at(js, 11)?.outcomeDependsOnIt, null);
  t.match(at(js, 11)?.reason, /not yet run with tests\/t.py:11 at 0x, tests\/t.py:15 at 3x/);
});

t.test('a uniform 0x that zeroes both sleeps and happens to pass clears neither', async (t) => {
  const js = judgeSleepSites(runsOf([...times(3, race('passed')), ...times(10, race('passed', { sleepScale: 0 })), ...times(10, race('passed', { sleepScale: 3 }))]));
  t.same([at(js, 11)?.outcomeDependsOnIt, at(js, 15)?.outcomeDependsOnIt], [null, null]);
  const oneThread = (p?: Exec['p']): Exec => ({ test: RACE, outcome: 'passed', sleeps: [{ line: 3 }, { line: 5 }], ...(p ? { p } : {}) });
  const same = judgeSleepSites(runsOf([...times(3, oneThread()), ...times(10, oneThread({ sleepScale: 0 })), ...times(10, oneThread({ sleepScale: 3 }))]));
  t.same([at(same, 3)?.outcomeDependsOnIt, at(same, 5)?.outcomeDependsOnIt], [null, null], 'not even two sleeps of one thread');
  t.same(timing(runsOf([...times(3, race('passed')), ...times(10, race('passed', { sleepScale: 0 }))])).filter((f) => f.kind === 'costly-sleep'), [], 'no "decides nothing" note');
});

t.test('a uniform scale over a test with one sleep scales it alone', async (t) => {
  const js = judgeSleepSites(runsOf([...times(3, harmless()), ...times(4, harmless({ sleepScale: 0 })), ...times(4, harmless({ sleepScale: 3 }))]));
  t.equal(at(js, 19, HARMLESS)?.outcomeDependsOnIt, false);
});

t.test('one flip against one plain run is no evidence either way', async (t) => {
  const js = judgeSleepSites(runsOf([race('passed'), race('failed', sites([15, 0]))]));
  t.equal(at(js, 15)?.outcomeDependsOnIt, null);
  t.match(at(js, 15)?.reason, /1 of 1 failed \(plain: 0 of 1 failed\)/);
  t.same(timing(runsOf([race('passed'), race('failed', sites([15, 0]))])).filter((f) => f.kind === 'timing-sensitive'), []);
});

t.test('library sleeps, yields and sleeps outside the scope are null with the reason', async (t) => {
  const test = 'pkg.tests.test_n.T.test_n';
  const own = '/usr/lib/python3/dist-packages/pkg/tests/test_n.py';
  const lib = '/usr/lib/python3/dist-packages/oslo_thing/poll.py';
  const sleeps: SleepSpec[] = [{ line: 193, file: own }, { line: 83, file: lib }, { line: 5, file: '/usr/lib/python3/dist-packages/pkg/helpers.py' }, { line: 453, file: own, requested: 0, actual: 0 }];
  const scoped = (s: number): Exec => ({ test, outcome: 'passed', sleeps, p: { sleepScale: s, sleepScope: 'pkg/tests/test_n.py' } });
  const js = judgeSleepSites(runsOf([...times(3, { test, outcome: 'passed', sleeps }), ...times(4, scoped(0)), ...times(4, scoped(3))]));
  const by = (line: number) => js.find((j) => j.site.line === line);
  t.equal(by(193)?.outcomeDependsOnIt, false, 'alone in its scope');
  t.same([by(83)?.outcomeDependsOnIt, by(5)?.outcomeDependsOnIt, by(453)?.outcomeDependsOnIt], [null, null, null]);
  t.match(by(83)?.reason, /library code/);
  t.match(by(5)?.reason, /outside the sleep scope \(pkg\/tests\/test_n.py\)/);
  t.match(by(453)?.reason, /asks for 0 s/);
});

t.test('a poll interval that fails only when its budget is cut is a warning, with its headroom', async (t) => {
  const test = 'tests.test_w.T.test_wait';
  const poll = (calls: number, actual: number): SleepSpec => ({ line: 139, requested: 0.5, actual, calls });
  const js = judgeSleepSites(runsOf([
    ...times(3, { test, outcome: 'passed', sleeps: [poll(2, 0.5)] }),
    ...times(4, { test, outcome: 'failed', sleeps: [poll(9, 0)], p: sites([139, 0]) }),
    ...times(4, { test, outcome: 'passed', sleeps: [poll(1, 1.5)], p: sites([139, 3]) }),
  ]));
  const j = js[0] as SiteJudgement;
  t.same([j.outcomeDependsOnIt, j.role, j.budgetCut], [true, 'poll-interval', true]);
  t.equal(j.headroom?.text, 'condition met after 1.0 s (2 poll(s) of 0.50 s) of a 4.5 s budget (9 polls)');
  const f = timing(runsOf([
    ...times(3, { test, outcome: 'passed', sleeps: [poll(2, 0.5)] }),
    ...times(4, { test, outcome: 'failed', sleeps: [poll(9, 0)], p: sites([139, 0]) }),
    ...times(10, { test, outcome: 'failed', sleeps: [poll(9, 0)], p: { sleepScale: 0 } }),
  ])).filter((x) => x.kind === 'timing-sensitive');
  t.same(f.map((x) => x.severity), ['warning'], 'a uniform 0x that cut the same budget changes nothing');
  t.match(f[0]?.message, /fails only when a bounded wait's budget is cut/);
});

t.test('a poll loop that fails when polled more slowly is an error', async (t) => {
  const test = 'tests.test_w.T.test_wait';
  const poll = (calls: number, actual: number): SleepSpec => ({ line: 139, requested: 0.5, actual, calls });
  const f = timing(runsOf([
    ...times(3, { test, outcome: 'passed', sleeps: [poll(2, 0.5)] }),
    ...times(4, { test, outcome: 'passed', sleeps: [poll(4, 0)], p: sites([139, 0]) }),
    ...times(4, { test, outcome: 'failed', sleeps: [poll(1, 1.5)], p: sites([139, 3]) }),
  ])).filter((x) => x.kind === 'timing-sensitive');
  t.same(f.map((x) => x.severity), ['error']);
});

t.test('two sleeps that flip the test only together, in opposite directions, both decide', async (t) => {
  const a: SleepSpec = { line: 3, tid: 1, t: 2e9 };
  const b: SleepSpec = { line: 7, tid: 2, t: 2.05e9 };
  const x = (outcome: 'passed' | 'failed', p?: Exec['p']): Exec => ({ test: RACE, outcome, sleeps: [a, b], ...(p ? { p } : {}) });
  const js = judgeSleepSites(runsOf([
    ...times(3, x('passed')),
    ...[[3, 0], [3, 3], [7, 0], [7, 3]].flatMap(([l, s]) => times(4, x('passed', sites([l as number, s as number])))),
    ...times(4, x('failed', sites([3, 0], [7, 3]))), ...times(4, x('passed', sites([3, 3], [7, 0]))),
  ]));
  t.same([at(js, 3)?.outcomeDependsOnIt, at(js, 7)?.outcomeDependsOnIt], [true, true]);
  t.same(at(js, 3)?.jointlyWith, ['tests/t.py:7']);
});

t.test('scaling a sleep that changes no outcome but the overlap of two threads says so', async (t) => {
  const test = 'tests.test_n.T.test_evacuate';
  // Plain: the evacuation's 1 s sleep overlaps the periodic's 2 s one (two greenthreads of one OS thread).
  const plain: Exec = { test, outcome: 'passed', sleeps: [{ line: 193, t: 3e9, actual: 1, requested: 1, tid: 5 }, { line: 204, t: 4e9, actual: 2, requested: 2, tid: 5 }] };
  // At 0x the evacuation's sleep is over before the periodic starts.
  const zero: Exec = { test, outcome: 'passed', sleeps: [{ line: 193, t: 1e9, actual: 0, requested: 1, tid: 5 }, { line: 204, t: 4e9, actual: 2, requested: 2, tid: 5 }], p: sites([193, 0]) };
  const js = judgeSleepSites(runsOf([...times(3, plain), ...times(4, zero)]));
  const j = js.find((x) => x.site.line === 193);
  t.same(j?.partners, ['tests/t.py:204'], 'greenthreads of one OS thread that slept side by side');
  t.equal(j?.interleaving[0]?.kind, 'no-longer-overlaps');
  t.match(j?.interleaving[0]?.message, /^at 0x, tests\/t.py:193 no longer overlaps tests\/t.py:204 \(it did in 3 of 3 plain runs\); the test still passes/);
});

t.test('Fisher: 4 flips in 4 runs against 3 clean plain runs is 1 in 35; the same against 1 plain run is 1 in 5', async (t) => {
  t.ok(Math.abs(fisherGreater(4, 4, 0, 3) - 1 / 35) < 1e-12);
  t.ok(Math.abs(fisherGreater(4, 4, 0, 1) - 1 / 5) < 1e-12);
  t.equal(fisherGreater(0, 4, 0, 3), 1);
  t.ok(fisherGreater(2, 4, 2, 4) > 0.5, 'as often as plain is no evidence');
});

t.test('suite code: the run\'s own files and the tested package, not installed libraries', async (t) => {
  t.ok(isSuiteFile('tests/test_x.py', 'tests.test_x.T.test'));
  t.ok(isSuiteFile('/usr/lib/python3/dist-packages/nova/tests/functional/integrated_helpers.py', 'nova.tests.functional.regressions.test_bug_1896463.T.test'));
  t.ok(isSuiteFile('/usr/lib/python3/dist-packages/nova/scheduler/host_manager.py', 'nova.tests.functional.x.T.test'), 'the package under test');
  t.notOk(isSuiteFile('/usr/lib/python3/dist-packages/oslo_db/sqlalchemy/engines.py', 'nova.tests.functional.x.T.test'));
  t.notOk(isSuiteFile('.venv/lib/python3.11/site-packages/requests/api.py', 'tests/test_x.py::test_a'));
  t.ok(isSuiteFile('/home/me/src/tornado/test/web_test.py', 'tornado.test.web_test.T.test'));
});
