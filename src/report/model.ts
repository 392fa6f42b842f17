// The report.json contract (../shared/DESIGN.md, "Report contract"). Fields are stable:
// add, never rename. Every report format renders this object and nothing else.
import type { Finding } from '../check/finding.js';
import type { Site } from '../trace/schema.js';

export const REPORT_SCHEMA_VERSION = 1;

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

export interface RunSummary {
  index: number;
  exitCode: number | null;
  /** Signal that ended the command, e.g. "SIGKILL", when it was killed. */
  signal?: string | null;
  durationMs: number;
  perturbation: Record<string, unknown>;
  order: string;
}

export interface TestSummary {
  id: string;
  outcomes: OutcomeCounts;
  verdict: Verdict;
  failureRate: { estimate: number; low: number; high: number };
  /** Mean duration over runs, seconds. */
  meanDuration?: number;
  /** Runs in which the test started and never ended, with the signal that ended the command when known. */
  crashes?: Array<{ run: number; signal: string | null }>;
  /** Listed in .flakescope/quarantine.json: its failures and findings do not count in the exit code. */
  quarantined?: boolean;
}

/** A finding as reported: `quarantined` when its test is quarantined (it then does not count in the exit code). */
export type ReportFinding = Finding & { quarantined?: boolean };

export interface SleepSummary {
  site: Site;
  api: string;
  calls: number;
  totalMs: number;
  outcomeDependsOnIt: boolean | null;
  tests?: string[];
  /** Share (0..1) of its test's plain-run time spent sleeping here (the test it weighs most on); null when unknown. */
  shareOfTestTime?: number | null;
  /** Seconds slept here per plain run of that test. */
  secondsPerRun?: number;
}

export interface PatchSummary {
  target: string;
  via: string;
  test: string | null;
  site: Site;
  stopSite: Site | null;
  leaked: boolean;
  count: number;
}

export interface FixtureSummary {
  fixture: string;
  scope: string;
  test: string | null;
  site: Site;
  released: boolean;
  count: number;
}

export interface ReportWarning {
  where: string;
  message: string;
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'flakescope'; version: string };
  command: string[];
  runs: RunSummary[];
  tests: TestSummary[];
  sleeps: SleepSummary[];
  patches: PatchSummary[];
  fixtures: FixtureSummary[];
  findings: ReportFinding[];
  /** Problems reading traces (torn lines, unknown versions) and shim internal errors. */
  warnings: ReportWarning[];
}
