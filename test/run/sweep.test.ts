import t from 'tap';
import { isSettled, suspiciousTests, type ByTest } from '../../src/run/adaptive.js';
import { exposure, MIN_SWEEP_REPEATS, repeatsToExpose, SWEEP_ARGV_BYTES, SWEEP_BUDGET_S, SWEEP_REPEATS, sweepStep } from '../../src/run/sweep.js';
import { attemptsByTest, isPlain } from '../../src/trace/outcomes.js';
import type { Perturbation } from '../../src/trace/schema.js';
import { proc, run, start, type Ev } from '../fixtures/events.js';

const UNITTEST = ['python3', '-m', 'unittest', '-v'];
const ended = (test: string, duration: number, outcome: 'passed' | 'failed' | 'skipped' = 'passed'): Ev => ({ ev: 'test-end', test, outcome, duration });
const timed = (test: string, duration: number, outcome: 'passed' | 'failed' | 'skipped' = 'passed'): Ev[] => [start(test), ended(test, duration, outcome)];
const baseline = (...tests: Ev[][]): ByTest => attemptsByTest([run(0, proc(tests.flat()))]);
const decide = (byTest: ByTest, baselineSeconds: number, command = UNITTEST, budgetSeconds?: number) =>
  sweepStep({ command, byTest, suspicious: suspiciousTests(byTest), baselineSeconds, ...(budgetSeconds === undefined ? {} : { budgetSeconds }) });

t.test('the repeat count is derived: a 5% flake fails at least once in 59 tries with 95% probability', async (t) => {
  t.equal(SWEEP_REPEATS, 59);
  t.equal(repeatsToExpose(0.05, 0.95), 59);
  t.ok(exposure(59) >= 0.95 && exposure(58) < 0.95, '59 is the least count that reaches 95%');
  t.equal(repeatsToExpose(0.1, 0.9), 22);
});

t.test('a fast suite under unittest is swept: every quiet test, SWEEP_REPEATS times', async (t) => {
  const d = decide(baseline(timed('a', 0.01), timed('b', 0.02)), 0.5);
  t.same(d.step?.tests, ['a', 'b']);
  t.equal(d.step?.repeat, SWEEP_REPEATS);
  t.equal(d.step?.sweep, true);
  t.same(d.step?.perturbation, {}, 'a sweep is unperturbed');
  t.match(d.note, /repeated 2 tests 59 times/);
});

t.test('suspicious and skipped tests are left to the plan', async (t) => {
  const slept: Ev[] = [start('s'), { ev: 'sleep', test: 's', api: 'time.sleep', requested: 0.1, actual: 0.1, site: { file: 't.py', line: 3 } }, ended('s', 0.1)];
  const d = decide(baseline(timed('a', 0.01), timed('f', 0.01, 'failed'), slept, timed('k', 0, 'skipped')), 0.5);
  t.same(d.step?.tests, ['a']);
  const none = decide(baseline(timed('f', 0.01, 'failed')), 0.5);
  t.equal(none.step, null);
  t.match(none.note, /no sweep/);
});

t.test('a slow suite gets the most rounds that fit the budget, and says it was capped', async (t) => {
  // 1 s of start-up (baseline 3 s, tests 2 s), 2 s a round: (60 - 1) / 2 = 29 rounds.
  const d = decide(baseline(timed('a', 1.5), timed('b', 0.5)), 3);
  t.equal(d.step?.repeat, Math.floor((SWEEP_BUDGET_S - 1) / 2));
  t.match(d.note, /capped from 59/);
});

t.test('only the quiet tests count against the budget', async (t) => {
  const d = decide(baseline(timed('a', 0.5), timed('f', 20, 'failed')), 20.5);
  t.equal(d.step?.repeat, Math.min(SWEEP_REPEATS, Math.floor(SWEEP_BUDGET_S / 0.5)));
});

t.test('a suite too slow for two rounds is not swept', async (t) => {
  const d = decide(baseline(timed('a', SWEEP_BUDGET_S / MIN_SWEEP_REPEATS + 1)), SWEEP_BUDGET_S / MIN_SWEEP_REPEATS + 1);
  t.equal(d.step, null);
  t.match(d.note, /no sweep: .*fewer than 2 rounds fit the 60 s sweep budget/);
});

t.test('what is left of --budget caps the sweep too', async (t) => {
  const d = decide(baseline(timed('a', 1)), 1, UNITTEST, 10);
  t.equal(d.step?.repeat, 10);
});

t.test('the command line caps the repeats of a suite with many tests', async (t) => {
  const ids = Array.from({ length: 2000 }, (_, i) => `pkg.module_${i}.SomeTests.test_something_rather_long_${i}`);
  const d = decide(baseline(...ids.map((id) => timed(id, 0))), 1);
  const bytes = ids.reduce((n, id) => n + Buffer.byteLength(id) + 1, 0);
  t.equal(d.step?.repeat, Math.floor(SWEEP_ARGV_BYTES / bytes));
  t.ok((d.step?.repeat ?? 0) < SWEEP_REPEATS);
  t.match(d.note, /command-line length/);
});

t.test('runners that cannot repeat a test in one process get no sweep', async (t) => {
  const byTest = baseline(timed('a', 0.01));
  for (const command of [['python3', '-m', 'pytest', 'tests'], ['python3', 'run_tests.py'], ['python3', '-m', 'testtools.run', 'pkg.tests']]) {
    const d = decide(byTest, 0.5, command);
    t.equal(d.step, null, command.join(' '));
    t.match(d.note, /cannot repeat a test within one process/);
  }
});

t.test('sweep attempts count in the settled check: 60 passes settle as pass, one failure among them as flaky', async (t) => {
  const repeated = (failAt: number | null): ByTest => {
    const events = Array.from({ length: SWEEP_REPEATS }, (_, i) => timed('a', 0.01, i === failAt ? 'failed' : 'passed')).flat();
    const sweep = proc(events);
    return attemptsByTest([run(0, proc(timed('a', 0.01))), run(1, { ...sweep, header: { ...sweep.header, perturbation: {} } })]);
  };
  t.equal(isSettled(repeated(null), ['a']), true, '60 of 60 passes');
  t.equal(isSettled(repeated(7), ['a']), true, 'mixed outcomes are settled as flaky');
  t.equal(isSettled(baseline(timed('a', 0.01), timed('a', 0.01)), ['a']), false, 'two passes are not enough');
  t.ok(isPlain({ repeat: SWEEP_REPEATS, sweep: true } as Perturbation), "the sweep's record keeps its attempts plain");
});
