// The exit code a report gives (docs/usage.md "Exit codes"): 1 when a finding reaches --fail-on, or when the
// suite was red in every run (flakescope never turns a red suite green), unless --fail-on never.
import type { Severity } from '../check/finding.js';
import type { Report, RunSummary, TestSummary } from './model.js';

export type FailOn = Severity | 'never';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;

/** A run whose command exited non-zero or was killed. Unknown exit codes (check without run.json) are not failures. */
const runFailed = (r: RunSummary): boolean => (r.signal ?? null) !== null || (r.exitCode !== null && r.exitCode !== 0);

const failures = (t: TestSummary): number => t.outcomes.failed + t.outcomes.error + t.outcomes.hang + t.outcomes.crashed;

/** The command's non-zero exits are explained by quarantined tests: some failed, every failing test is
 *  quarantined, and no run was killed (a signal is not a test failure). */
function onlyQuarantinedFailed(report: Report): boolean {
  const failing = report.tests.filter((t) => failures(t) > 0);
  return failing.length > 0 && failing.every((t) => t.quarantined === true) && report.runs.every((r) => (r.signal ?? null) === null);
}

/** Why the run failed, one reason per line, or [] when it passes. Quarantined tests and their findings do not count. */
export function failureReasons(report: Report, failOn: FailOn): string[] {
  if (failOn === 'never') return [];
  const reasons: string[] = [];
  const reached = report.findings.filter((f) => f.quarantined !== true && RANK[f.severity] >= RANK[failOn]);
  if (reached.length > 0) reasons.push(`${reached.length} finding(s) at or above --fail-on ${failOn}`);
  const failedEveryRun = report.tests.filter((t) => t.verdict === 'fail' && t.quarantined !== true);
  if (failedEveryRun.length > 0) reasons.push(`${failedEveryRun.length} test(s) failed in every run`);
  const commandFailed = report.runs.length > 0 && report.runs.every(runFailed) && !onlyQuarantinedFailed(report);
  if (commandFailed) reasons.push('the test command failed in every run');
  return reasons;
}
