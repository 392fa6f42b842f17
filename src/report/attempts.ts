// Per-run results of each test ("attempts"), for formats that show every try (JUnit's
// flakyFailure/rerunFailure). Built from the trace events of each run, or, without traces,
// from the outcome counts in report.json (then without messages).
import type { OutcomeCounts, Report } from './model.js';
import type { TraceEvent } from '../trace/schema.js';

export type AttemptOutcome = keyof OutcomeCounts;

export interface Attempt {
  run: number;
  outcome: AttemptOutcome;
  /** Seconds, when known. */
  duration?: number;
  /** First line(s) of the failure, already redacted by the shim. */
  message?: string;
}

export type AttemptsByTest = ReadonlyMap<string, readonly Attempt[]>;

/** One attempt per test-end event; `runs[i]` holds the events of run i. */
export function attemptsFromRuns(runs: ReadonlyArray<readonly TraceEvent[]>): Map<string, Attempt[]> {
  const out = new Map<string, Attempt[]>();
  runs.forEach((events, run) => {
    for (const e of events) {
      if (e.ev !== 'test-end') continue;
      const list = out.get(e.test) ?? [];
      list.push({ run, outcome: e.outcome, duration: e.duration, ...(e.message !== undefined ? { message: e.message } : {}) });
      out.set(e.test, list);
    }
  });
  return out;
}

const COUNT_ORDER: readonly AttemptOutcome[] = ['failed', 'error', 'hang', 'crashed', 'passed', 'skipped'];

/** Attempts reconstructed from counts alone: run numbers are unknown, so they are positional. */
export function attemptsFromCounts(report: Report): Map<string, Attempt[]> {
  const out = new Map<string, Attempt[]>();
  for (const test of report.tests) {
    const list: Attempt[] = [];
    for (const outcome of COUNT_ORDER) {
      for (let i = 0; i < test.outcomes[outcome]; i++) list.push({ run: list.length, outcome });
    }
    out.set(test.id, list);
  }
  return out;
}
