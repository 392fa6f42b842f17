// Per-test outcomes across runs, their failure rates per condition and the verdict they give
// (report.json's `tests`; the report presents them as decided here).
import type { Finding } from './finding.js';
import type { IndexedRun } from '../trace/run-index.js';
import { failuresByCondition } from '../trace/condition.js';
import { allAttempts, type TestAttempt } from '../trace/outcomes.js';
import { wilson } from './wilson.js';

/** skip: every attempt was skipped (it never ran, so it neither passed nor failed). */
export type Verdict = 'pass' | 'fail' | 'flaky' | 'timing-sensitive' | 'order-dependent' | 'hang' | 'skip';

export interface OutcomeCounts {
  passed: number;
  failed: number;
  error: number;
  skipped: number;
  hang: number;
  crashed: number;
}

/** Failures under one condition ("plain", "test_x.py:15 at 0x", "jitter=5ms"...), with the rate's 95% interval. */
export interface ConditionRate {
  condition: string;
  failed: number;
  runs: number;
  estimate: number;
  low: number;
  high: number;
}

export interface TestVerdict {
  id: string;
  outcomes: OutcomeCounts;
  verdict: Verdict;
  /** Failure rate of the plain runs (no perturbation): perturbed failures are in failureRates. */
  failureRate: { estimate: number; low: number; high: number };
  /** Failure rate per condition, plain first (skipped executions are not trials). */
  failureRates?: ConditionRate[];
  /** Mean duration over runs, seconds. */
  meanDuration?: number;
  /** Runs in which the test started and never ended, with the signal that ended the command when known. */
  crashes?: Array<{ run: number; signal: string | null }>;
}

const emptyCounts = (): OutcomeCounts => ({ passed: 0, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 0 });

/** Outcomes that count as a failed attempt of the test. */
const failures = (c: OutcomeCounts): number => c.failed + c.error + c.hang + c.crashed;

/** The verdict, most specific first: a hang or an explained dependence says more than "flaky". */
function verdictOf(id: string, c: OutcomeCounts, findings: Finding[]): Verdict {
  const has = (kind: Finding['kind']): boolean => findings.some((f) => f.kind === kind && f.test === id && f.severity !== 'info');
  if (c.hang > 0) return 'hang';
  if (has('order-dependent')) return 'order-dependent';
  if (has('timing-sensitive')) return 'timing-sensitive';
  const failed = failures(c);
  if (failed === 0) return c.passed === 0 && c.skipped > 0 ? 'skip' : 'pass';
  return c.passed > 0 ? 'flaky' : 'fail';
}

/** Failure rate per condition, plain first: perturbed failures never count against the plain rate. */
const ratesByCondition = (attempts: TestAttempt[]): ConditionRate[] => failuresByCondition(attempts).map((r) => ({ ...r, ...wilson(r.failed, r.runs) }));

/** `signals` maps run index to the signal that ended that run's command (null when it exited). */
export function testVerdicts(runs: IndexedRun[], findings: Finding[] = [], signals: ReadonlyMap<number, string | null> = new Map()): TestVerdict[] {
  const counts = new Map<string, OutcomeCounts>();
  const durations = new Map<string, number[]>();
  const byTest = new Map<string, TestAttempt[]>();
  const crashes = new Map<string, Array<{ run: number; signal: string | null }>>();
  const countsOf = (id: string): OutcomeCounts => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = emptyCounts()));
    return c;
  };
  const durationsOf = (id: string): number[] => {
    let d = durations.get(id);
    if (!d) durations.set(id, (d = []));
    return d;
  };
  // One count per execution; a test-start with no test-end means the process died inside the test.
  for (const attempt of allAttempts(runs)) {
    countsOf(attempt.test)[attempt.outcome] += 1;
    const list = byTest.get(attempt.test);
    if (list) list.push(attempt);
    else byTest.set(attempt.test, [attempt]);
    if (attempt.duration !== null) durationsOf(attempt.test).push(attempt.duration);
    if (attempt.outcome === 'crashed') {
      crashes.set(attempt.test, [...(crashes.get(attempt.test) ?? []), { run: attempt.run, signal: signals.get(attempt.run) ?? null }]);
    }
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, c]) => {
      const d = durations.get(id) ?? [];
      const rates = ratesByCondition(byTest.get(id) ?? []);
      const plain = rates[0] as ConditionRate;
      const summary: TestVerdict = {
        id,
        outcomes: c,
        verdict: verdictOf(id, c, findings),
        failureRate: { estimate: plain.estimate, low: plain.low, high: plain.high },
        failureRates: rates,
      };
      if (d.length > 0) summary.meanDuration = d.reduce((a, b) => a + b, 0) / d.length;
      const crashed = crashes.get(id);
      if (crashed) summary.crashes = crashed;
      return summary;
    });
}
