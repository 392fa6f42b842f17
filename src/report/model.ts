// The report.json contract (docs/design.md, "Report contract"). Fields are stable:
// add, never rename. Every report format renders this object and nothing else.
import type { Finding } from '../check/finding.js';
import type { SleepJudgementSummary } from '../check/sleep-verdicts.js';
import type { TestVerdict } from '../check/test-verdicts.js';
import type { Site } from '../trace/schema.js';

export const REPORT_SCHEMA_VERSION = 1;

export type { ConditionRate, OutcomeCounts, TestVerdict, Verdict } from '../check/test-verdicts.js';
export type { SleepJudgementSummary } from '../check/sleep-verdicts.js';

export interface RunSummary {
  index: number;
  exitCode: number | null;
  /** Signal that ended the command, e.g. "SIGKILL", when it was killed. */
  signal?: string | null;
  durationMs: number;
  perturbation: Record<string, unknown>;
  order: string;
}

/** A test's verdict as reported: `quarantined` when it is listed in .flakescope/quarantine.json (its
 *  failures and findings then do not count in the exit code). */
export type TestSummary = TestVerdict & { quarantined?: boolean };

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
