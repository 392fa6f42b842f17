// flaky: a test that both passed and failed, with no better explanation (timing, order, hang). The
// failure rate comes with its Wilson interval per condition (plain runs apart from each perturbation)
// and the first point where the runs diverged.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { failuresByCondition } from '../trace/condition.js';
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

const pct = (x: number): number => Math.round(x * 100);

export function flaky(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const byTest = attemptsByTest(runs);
  return flakyTests(runs).map((test) => {
    const attempts = byTest.get(test) ?? [];
    const failed = attempts.filter((a) => isFailure(a.outcome));
    const rates = failuresByCondition(attempts);
    const plain = rates[0] as { failed: number; runs: number };
    const rate = wilson(plain.failed, plain.runs);
    const others = rates.slice(1).filter((r) => r.failed > 0);
    const under = others.map((r) => `${r.failed} of ${r.runs} under ${r.condition}`).join(', ');
    const site = testSite(attempts);
    return {
      id: findingId('flaky', null, test),
      kind: 'flaky' as const,
      severity: severityOf('flaky', opts),
      test,
      site,
      message: `${test} failed ${plain.failed} of ${plain.runs} plain runs (failure rate ${pct(rate.low)}–${pct(rate.high)}% at 95% confidence)${under ? ` and ${under}` : ''} with no timing or order dependence found`,
      evidence: {
        failureRate: rate,
        failureRates: rates.map((r) => ({ ...r, ...wilson(r.failed, r.runs) })),
        failingRuns: [...new Set(failed.map((a) => a.run))],
        divergence: divergenceOf(attempts),
      },
    };
  });
}
