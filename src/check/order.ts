// order-dependent: a test whose outcome depends on which tests ran before it in its process. Among
// runs that did not perturb timing, a polluter is a test present before EVERY failing execution and
// before NO passing one; a state-setter the reverse (the test only passes after it). The planner's
// isolate and bisection runs are what make that set small; this analysis only reads their traces.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsByTest, isFailure, isTimingOnly, testSite, type TestAttempt } from '../trace/outcomes.js';
import { oncePerRuns } from '../trace/once-per-runs.js';

/** Failing executions needed before blaming an order: one failure next to passes can be chance. */
export const MIN_ORDER_FAILURES = 2;

export interface OrderVerdict {
  test: string;
  /** polluter: fails after it; state-setter: passes only after it. */
  role: 'polluter' | 'state-setter';
  culprits: string[];
  failing: TestAttempt[];
  passing: TestAttempt[];
}

function alwaysBefore(group: TestAttempt[], never: TestAttempt[], self: string): string[] {
  if (group.length === 0) return [];
  const first = group[0] as TestAttempt;
  // Sets, not includes(): a test late in a 10,000-test process has 10,000 predecessors to check.
  const inGroup = group.map((a) => new Set(a.before));
  const inNever = never.map((a) => new Set(a.before));
  return [...new Set(first.before)].filter(
    (t) => t !== self && inGroup.every((s) => s.has(t)) && inNever.every((s) => !s.has(t)),
  );
}

export const orderDependentTests = oncePerRuns((runs: IndexedRun[]): OrderVerdict[] => {
  const out: OrderVerdict[] = [];
  for (const [test, attempts] of attemptsByTest(runs)) {
    const untimed = attempts.filter((a) => !isTimingOnly(a.perturbation) && a.outcome !== 'skipped' && a.outcome !== 'hang');
    const failing = untimed.filter((a) => isFailure(a.outcome));
    const passing = untimed.filter((a) => !isFailure(a.outcome));
    if (failing.length === 0 || passing.length === 0) continue;
    if (failing.length >= MIN_ORDER_FAILURES) {
      const culprits = alwaysBefore(failing, passing, test);
      if (culprits.length > 0) {
        out.push({ test, role: 'polluter', culprits, failing, passing });
        continue;
      }
    }
    if (passing.length >= MIN_ORDER_FAILURES) {
      const culprits = alwaysBefore(passing, failing, test);
      if (culprits.length > 0) out.push({ test, role: 'state-setter', culprits, failing, passing });
    }
  }
  return out;
});

const runsOf = (list: TestAttempt[]): number[] => [...new Set(list.map((a) => a.run))].sort((a, b) => a - b);

export function order(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return orderDependentTests(runs).map((v) => {
    const who = v.culprits.length === 1 ? (v.culprits[0] as string) : `one of ${v.culprits.join(', ')}`;
    const message = v.role === 'polluter'
      ? `${v.test} fails when ${who} ran before it in the same process, and passes otherwise`
      : `${v.test} passes only when ${who} ran before it: it relies on state that test leaves behind`;
    return {
      id: findingId('order-dependent', null, v.test),
      kind: 'order-dependent' as const,
      severity: severityOf('order-dependent', opts),
      test: v.test,
      site: testSite([...v.failing, ...v.passing]),
      target: v.culprits.join(','),
      message,
      evidence: {
        role: v.role,
        [v.role]: v.culprits.length === 1 ? v.culprits[0] : v.culprits,
        candidates: v.culprits,
        failingRuns: runsOf(v.failing),
        passingRuns: runsOf(v.passing),
      },
    };
  });
}
