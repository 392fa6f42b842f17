import t from 'tap';
import { siteEvidenceStep, siteScalesOf } from '../../src/run/site-plan.js';
import { attemptsByTest } from '../../src/trace/outcomes.js';
import { runsOf, times, type Exec } from '../fixtures/sleep-runs.js';

const RACE = 'tests.test_x.T.test_result_ready';
const OTHER = 'tests.test_x.T.test_harmless';
const race = (outcome: 'passed' | 'failed', p?: Exec['p']): Exec => ({ test: RACE, outcome, sleeps: [{ line: 11, tid: 2, t: 1.02e9 }, { line: 15, tid: 1, t: 1.05e9 }], ...(p ? { p } : {}) });
const other: Exec = { test: OTHER, outcome: 'passed', sleeps: [{ line: 19 }, { line: 21, requested: 0, actual: 0 }] };
const config = { scales: [0, 3], scopes: null };
const plan = (execs: Exec[], canRepeat = true) => siteEvidenceStep(attemptsByTest(runsOf(execs)), config, canRepeat);
const sites = (...entries: Array<[number, number]>) => ({ sleepSites: Object.fromEntries(entries.map(([l, s]) => [`tests/t.py:${l}`, s])) });

t.test('the plan\'s sleep scales and scopes', async (t) => {
  t.same(siteScalesOf([{ sleepScale: 0 }, { sleepScale: 3 }, { jitterMs: 5 }]), { scales: [0, 3], scopes: null });
  t.same(siteScalesOf([{ sleepScale: 0, sleepScope: 'a.py' }, { sleepScale: 3, sleepScope: 'a.py' }]), { scales: [0, 3], scopes: ['a.py'] });
  t.equal(siteScalesOf([{ jitterMs: 5 }]), null);
});

t.test('after the baseline every site is scaled alone, every test served by the same run, plain runs among them', async (t) => {
  const step = plan([race('passed'), other]);
  const p = step?.perturbation.sleepPlan ?? {};
  const conditions = (test: string) => [...new Set((p[test] ?? []).map((c) => JSON.stringify(c)))].sort();
  t.same(conditions(RACE), ['{}', ...[sites([11, 0]), sites([11, 3]), sites([15, 0]), sites([15, 3])].map((c) => JSON.stringify(c.sleepSites))].sort());
  t.same(conditions(OTHER), ['{}', JSON.stringify(sites([19, 0]).sleepSites), JSON.stringify(sites([19, 3]).sleepSites)].sort(), 'the zero-second sleep is not scaled');
  t.equal(p[RACE]?.length, 42, 'ten executions per condition where the runner repeats tests, and two plain to make three');
  t.equal(step?.tests?.filter((x) => x === RACE).length, 42, 'the test is selected once per execution');
});

t.test('a runner that cannot repeat gets one execution per test and run', async (t) => {
  const step = plan([...times(3, race('passed')), other, other, other], false);
  t.same(step?.perturbation.sleepPlan?.[RACE], [sites([11, 0]).sleepSites]);
  t.same(step?.tests, [RACE, OTHER]);
});

t.test('opposite directions come once both sites are settled alone; plain runs before them', async (t) => {
  const done = [
    ...times(4, race('failed', sites([15, 0]))), ...times(4, race('passed', sites([15, 3]))),
    ...times(4, race('passed', sites([11, 0]))), ...times(4, race('passed', sites([11, 3]))),
  ];
  const step = plan([race('passed'), ...done], false);
  t.same(step?.perturbation.sleepPlan?.[RACE], [{}], 'plain runs first: flips and interleavings are compared with three of them');
  const next = plan([...times(3, race('passed')), ...done], false);
  t.same(next?.perturbation.sleepPlan?.[RACE], [sites([11, 0], [15, 3]).sleepSites], 'the worker short, the waiter long (the reverse adds nothing: the waiter at 0x flips alone)');
  const finished = plan([...times(3, race('passed')), ...done, ...times(4, race('passed', sites([11, 0], [15, 3])))], false);
  t.equal(finished, null, 'every claim has its runs');
});

t.test('a partner that flips the test alone at 0x gets its 3x runs before the pair that needs them', async (t) => {
  // The waiter (15) decides at 0x; its 3x alone ran only twice, so the worker's pair with it (worker
  // 0x, waiter 3x) cannot be judged yet: first the waiter at 3x alone, then the pair.
  const base = [
    ...times(3, race('passed')),
    ...times(4, race('failed', sites([15, 0]))), ...times(2, race('passed', sites([15, 3]))),
    ...times(4, race('passed', sites([11, 0]))), ...times(4, race('passed', sites([11, 3]))),
  ];
  const step = plan(base, false);
  t.same(step?.perturbation.sleepPlan?.[RACE], [sites([15, 3]).sleepSites]);
  const next = plan([...base, ...times(2, race('passed', sites([15, 3])))], false);
  t.same(next?.perturbation.sleepPlan?.[RACE], [sites([11, 0], [15, 3]).sleepSites]);
});
