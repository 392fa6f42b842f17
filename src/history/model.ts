// What the history holds and what its queries answer: a session's record (per-test outcomes and
// findings) and the rows `flakescope history` ranks.

export type RecordSource = 'run' | 'check' | 'merge' | 'import';

export interface TestOutcome {
  test: string;
  passed: number;
  /** Failed attempts: failed, error, hang and crashed. */
  failed: number;
  skipped: number;
  /** Seconds spent in all attempts / in the failed ones. */
  seconds: number;
  failedSeconds: number;
  /** Attempts made again after a failure (CI retries, flakescope reruns that followed a failure). */
  reruns: number;
  /** The first line of the latest failure's message, when known. */
  message: string | null;
}

export interface RecordedFinding {
  id: string;
  kind: string;
  severity: string;
  test: string | null;
  message: string;
  site: { file: string; line: number } | null;
  evidence: Record<string, unknown>;
  /** Tests the finding names as affected (evidence.victims), so a victim's history can show its cause. */
  victims: string[];
}

export interface HistoryRecord {
  /** Identifies what was recorded (a run's manifest, an imported file): recording it again replaces it. */
  key: string;
  /** Keys of records this one replaces (the shards a merge combines). */
  supersedes?: string[];
  source: RecordSource;
  commit: string | null;
  branch: string | null;
  /** Milliseconds since the epoch. */
  commitTime: number | null;
  recordedAt: number;
  /** What flakiness is judged within: the commit, or something unique to this record. */
  group: string;
  machine: string;
  command: string[];
  perturbations: unknown[];
  repetitions: number;
  traced: boolean;
  outcomes: TestOutcome[];
  findings: RecordedFinding[];
}

/** A test's totals over the window, from the groups (commits) it ran in. Only tests that failed at least once. */
export interface TestTotals extends Omit<TestOutcome, 'message'> {
  /** Failures in groups where the test also passed: failures that were flakiness, not a broken commit. */
  flakyFailures: number;
  flakyGroups: number;
  groups: number;
  lastFailedAt: number | null;
  /** The first group (by its commit's time, else when first recorded) where the test both passed and failed. */
  flakySinceAt: number | null;
  flakySinceGroup: string | null;
  /** Attempts in that group and every later one. */
  runsSinceFlaky: number;
}

export interface FailureRow {
  test: string;
  group: string;
  recordedAt: number;
  message: string | null;
}

export interface TrendRow {
  test: string;
  group: string;
  firstAt: number;
  passed: number;
  failed: number;
}

export interface StoredFinding extends RecordedFinding {
  commit: string | null;
  recordedAt: number;
}
