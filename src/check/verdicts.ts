// What check/ decides beyond findings, for report.json: each test's verdict and failure rates, and
// each sleep site's verdict. The report presents these as given and decides nothing itself.
import type { Finding } from './finding.js';
import { sleepVerdicts, type SleepVerdictOf } from './sleep-verdicts.js';
import { testVerdicts, type TestVerdict } from './test-verdicts.js';
import type { IndexedRun } from '../trace/run-index.js';

export interface Verdicts {
  tests: TestVerdict[];
  sleeps: SleepVerdictOf;
}

/** `signals` maps run index to the signal that ended that run's command (null when it exited). */
export function decideVerdicts(runs: IndexedRun[], findings: Finding[], signals: ReadonlyMap<number, string | null> = new Map()): Verdicts {
  return { tests: testVerdicts(runs, findings, signals), sleeps: sleepVerdicts(runs) };
}

/** Run index -> the signal that ended that run's command, from the runs' records. */
export const signalsOf = (runs: ReadonlyArray<{ index: number; signal?: string | null }>): Map<number, string | null> =>
  new Map(runs.map((r) => [r.index, r.signal ?? null]));
