// flaky: a test that both passed and failed, with no better explanation (timing, order, hang). The
// failure rate comes with its Wilson interval and the first point where the runs diverged.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { attemptsByTest, isFailure, testSite } from '../trace/outcomes.js';
import { divergenceOf } from './divergence.js';
import { orderDependentTests } from './order.js';
import { timingSensitiveTests } from './timing.js';
import { wilson } from './wilson.js';

export function flakyTests(runs: IndexedRun[]): string[] {
  const explained = new Set([...timingSensitiveTests(runs).map((v) => v.test), ...orderDependentTests(runs).map((v) => v.test)]);
  const out: string[] = [];
  for (const [test, attempts] of attemptsByTest(runs)) {
    if (explained.has(test) || attempts.some((a) => a.outcome === 'hang')) continue;
    if (attempts.some((a) => isFailure(a.outcome)) && attempts.some((a) => a.outcome === 'passed')) out.push(test);
  }
  return out;
}

export function flaky(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const byTest = attemptsByTest(runs);
  return flakyTests(runs).map((test) => {
    const attempts = byTest.get(test) ?? [];
    const failed = attempts.filter((a) => isFailure(a.outcome));
    const trials = attempts.filter((a) => a.outcome !== 'skipped').length;
    const rate = wilson(failed.length, trials);
    const site = testSite(attempts);
    return {
      id: findingId('flaky', null, test),
      kind: 'flaky' as const,
      severity: severityOf('flaky', opts),
      test,
      site,
      message: `${test} failed ${failed.length} of ${trials} runs (failure rate ${Math.round(rate.low * 100)}–${Math.round(rate.high * 100)}% at 95% confidence) with no timing or order dependence found`,
      evidence: {
        failureRate: rate,
        failingRuns: [...new Set(failed.map((a) => a.run))],
        divergence: divergenceOf(attempts),
      },
    };
  });
}
