// Every execution of every test in a run, with its outcome (hang and crashed included), the tests
// that ran before it in the same process, and the perturbation that process ran under. Shared by the
// analyses (check/), the verdicts (report/) and the rerun planner (run/), so they agree on what happened.
import type { IndexedRun, RunEvent } from './index.js';
import type { Outcome, Perturbation, Site } from './schema.js';

export type AttemptOutcome = Outcome | 'hang' | 'crashed';

export interface TestAttempt {
  run: number;
  proc: number;
  test: string;
  outcome: AttemptOutcome;
  /** Tests that ran (started) earlier in the same process, in order. */
  before: string[];
  perturbation: Perturbation;
  /** Seconds, when the test ended normally. */
  duration: number | null;
  /** The events of this execution, from its test-start to its end (or the end of the process). */
  events: RunEvent[];
}

/** Outcomes that count as a failed attempt. */
export const isFailure = (o: AttemptOutcome): boolean => o === 'failed' || o === 'error' || o === 'hang' || o === 'crashed';

/** A perturbation with nothing set: the run is a plain rerun. */
export function isPlain(p: Perturbation): boolean {
  return Object.entries(p).every(([k, v]) => v === undefined || NEUTRAL_KEYS.has(k) || (k === 'order' && v === 'default'));
}

/** Settings that do not change how a passing test behaves: the hang limit, the seed alone, the sleep
 *  scope alone (it only narrows a sleep scale), and which tests were selected (isolate, bisection
 *  subsets, the sweep's repeats), whose effect is the order analysis' business. */
const NEUTRAL_KEYS = new Set(['timeout', 'seed', 'sleepScope', 'isolate', 'subset', 'repeat', 'sweep']);

/** Changes timing only (no reordering): sleep scaling, jitter, switch interval, CPU noise. */
export function isTimingOnly(p: Perturbation): boolean {
  const order = (p as Record<string, unknown>).order;
  return (order === undefined || order === 'default') && !isPlain(p);
}

export function attemptsOf(run: IndexedRun): TestAttempt[] {
  const out: TestAttempt[] = [];
  const open = new Map<number, TestAttempt>();
  const seen = new Map<number, string[]>();
  for (const e of run.events) {
    const current = open.get(e.proc);
    if (e.ev === 'test-start') {
      const before = seen.get(e.proc) ?? [];
      const attempt: TestAttempt = {
        run: run.index, proc: e.proc, test: e.test, outcome: 'crashed', before: [...before],
        perturbation: { ...(run.meta?.perturbation ?? {}), ...(run.processes[e.proc]?.header.perturbation ?? {}) } as Perturbation, duration: null, events: [e],
      };
      before.push(e.test);
      seen.set(e.proc, before);
      open.set(e.proc, attempt);
      out.push(attempt);
      continue;
    }
    if (current === undefined || e.test !== current.test) continue;
    current.events.push(e);
    if (e.ev === 'hang') current.outcome = 'hang';
    if (e.ev === 'test-end') {
      // A test interrupted by the hang limit ends with an error; it is counted as the hang it was.
      if (current.outcome !== 'hang') current.outcome = e.outcome;
      current.duration = e.duration;
      open.delete(e.proc);
    }
  }
  return out;
}

export function allAttempts(runs: IndexedRun[]): TestAttempt[] {
  return runs.flatMap(attemptsOf);
}

/** Attempts grouped by test id, in run order. */
export function attemptsByTest(runs: IndexedRun[]): Map<string, TestAttempt[]> {
  const by = new Map<string, TestAttempt[]>();
  for (const a of allAttempts(runs)) {
    const list = by.get(a.test);
    if (list) list.push(a);
    else by.set(a.test, [a]);
  }
  return by;
}

/** The test method's own site (its `def` line, from test-start): where a finding points when nothing
 *  finer decides it (flaky, order-dependent, timing without a deciding sleep). */
export function testSite(attempts: TestAttempt[]): Site | null {
  for (const a of attempts) {
    const start = a.events[0];
    if (start?.ev === 'test-start' && start.site) return start.site;
  }
  return null;
}
