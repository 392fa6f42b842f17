import t from 'tap';
import { variantStep } from '../../src/run/session.js';

t.test('--runs auto narrows timing reruns to the suspicious tests, but reorders the whole command', async (t) => {
  const opts = { runs: 'auto' as const, perturbations: [{ sleepScale: 0 }, { order: 'reverse' }, { order: 'shuffle:7' }] };
  const suspicious = ['m.T.test_sleeps'];
  t.same(variantStep(0, opts, suspicious)?.tests, suspicious, 'a sleep scale reruns only the suspicious tests');
  t.equal(variantStep(1, opts, suspicious)?.tests, null, 'reverse order reruns the whole command');
  t.equal(variantStep(2, opts, suspicious)?.tests, null, 'a shuffle reruns the whole command');
});

t.test('a fixed --runs N always reruns the whole command; isolation needs suspicious tests', async (t) => {
  t.equal(variantStep(0, { runs: 5, perturbations: [{ jitterMs: 5 }] }, ['a'])?.tests, null);
  t.equal(variantStep(0, { runs: 'auto', perturbations: [{ isolate: true }] }, []), null);
  t.same(variantStep(0, { runs: 'auto', perturbations: [{ isolate: true }] }, ['a'])?.tests, ['a']);
});

t.test('--runs auto always has a per-test limit: the baseline\'s, then 10x the slowest plain run (at least 60 s)', async (t) => {
  const { perTestLimit, AUTO_BASELINE_LIMIT_S } = await import('../../src/run/session.js');
  const { attemptsByTest, isPlain } = await import('../../src/trace/outcomes.js');
  const { runsOf } = await import('../fixtures/sleep-runs.js');
  const byTest = attemptsByTest(runsOf([{ test: 'slow', outcome: 'passed', sleeps: [] }, { test: 'quick', outcome: 'passed', sleeps: [] }]));
  (byTest.get('slow')?.[0] as { duration: number }).duration = 9.3;
  const step = (tests: string[] | null) => ({ perturbation: {}, tests, reason: '' });
  t.equal(perTestLimit({ runs: 'auto' }, step(null), null, isPlain), AUTO_BASELINE_LIMIT_S);
  t.equal(perTestLimit({ runs: 'auto' }, step(['slow']), byTest, isPlain), 93);
  t.equal(perTestLimit({ runs: 'auto' }, step(['quick']), byTest, isPlain), 60);
  t.equal(perTestLimit({ runs: 'auto' }, step(null), byTest, isPlain), 93, 'the whole command: its slowest test');
  t.equal(perTestLimit({ runs: 'auto', timeout: 5 }, step(['slow']), byTest, isPlain), 5, '--timeout wins');
  t.equal(perTestLimit({ runs: 3 }, step(null), byTest, isPlain), undefined, 'a fixed --runs N keeps what it was given');
});

t.test('a sleep scope that matched no sleep that ran', async (t) => {
  const { scopeMatchedNothing } = await import('../../src/run/next-step.js');
  const { attemptsByTest } = await import('../../src/trace/outcomes.js');
  const { runsOf } = await import('../fixtures/sleep-runs.js');
  const byTest = attemptsByTest(runsOf([{ test: 'a', outcome: 'passed', sleeps: [{ line: 3, file: '/src/app/tests/test_x.py' }] }]));
  t.notOk(scopeMatchedNothing({ sleepScale: 0, sleepScope: 'tests/test_x.py' }, byTest));
  t.ok(scopeMatchedNothing({ sleepScale: 0, sleepScope: 'tests/test_y.py' }, byTest));
  t.notOk(scopeMatchedNothing({ sleepScale: 0 }, byTest), 'no scope: every sleep');
});
