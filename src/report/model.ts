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

/** Failures under one condition ("plain", "test_x.py:15 at 0x", "jitter=5ms"...), with the rate's 95% interval. */
export interface ConditionRate {
  condition: string;
  failed: number;
  runs: number;
  estimate: number;
  low: number;
  high: number;
}

export interface TestSummary {
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
  /** Why outcomeDependsOnIt is what it is: the runs behind a true or false, what is missing for a null. */
  reason?: string;
  /** What the sleep is for: a wait the test relies on, the poll interval of a bounded wait, or cosmetic. */
  role?: 'synchronisation' | 'poll-interval' | 'cosmetic' | null;
  /** A poll interval's headroom, e.g. "condition met after 1.0 s (2 polls of 0.5 s) of a 5.0 s budget (10 polls)". */
  headroom?: string;
  /** The judgement per test that slept here: each condition the site ran under (scales, runs, failures),
   *  and how its scaling changed the threads' interleaving when it changed no outcome. */
  judgements?: SleepJudgementSummary[];
}

export interface SleepJudgementSummary {
  test: string;
  outcomeDependsOnIt: boolean | null;
  reason: string;
  role: 'synchronisation' | 'poll-interval' | 'cosmetic' | null;
  headroom?: string;
  conditions: Array<{ scales: Record<string, number>; runs: number; failed: number; flipped: number; flipRate: { estimate: number; low: number; high: number }; decides: boolean }>;
  interleaving: Array<{ scales: Record<string, number>; kind: string; message: string }>;
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
