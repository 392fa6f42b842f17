// The exit code a report gives (DESIGN.md "Exit codes"): 1 when a finding reaches --fail-on, or when the
// suite was red in every run (flakescope never turns a red suite green), unless --fail-on never.
import type { Severity } from '../check/finding.js';
import type { Report, RunSummary } from './model.js';

export type FailOn = Severity | 'never';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;

/** A run whose command exited non-zero or was killed. Unknown exit codes (check without run.json) are not failures. */
const runFailed = (r: RunSummary): boolean => (r.signal ?? null) !== null || (r.exitCode !== null && r.exitCode !== 0);

/** Why the run failed, one reason per line, or [] when it passes. */
export function failureReasons(report: Report, failOn: FailOn): string[] {
  if (failOn === 'never') return [];
  const reasons: string[] = [];
  const reached = report.findings.filter((f) => RANK[f.severity] >= RANK[failOn]);
  if (reached.length > 0) reasons.push(`${reached.length} finding(s) at or above --fail-on ${failOn}`);
  const failedEveryRun = report.tests.filter((t) => t.verdict === 'fail');
  if (failedEveryRun.length > 0) reasons.push(`${failedEveryRun.length} test(s) failed in every run`);
  const commandFailed = report.runs.length > 0 && report.runs.every(runFailed);
  if (commandFailed) reasons.push('the test command failed in every run');
  return reasons;
}
