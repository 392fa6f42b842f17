// Every execution of every test in a run, with its outcome (hang and crashed included), the tests
// that ran before it in the same process, and the perturbation that process ran under. Shared by the
// analyses (check/), the verdicts (report/) and the rerun planner (run/), so they agree on what happened.
import { compareOrder } from './fold.js';
import { oncePerRuns } from './once-per-runs.js';
import type { IndexedRun } from './run-index.js';
import type { HangEvent, Outcome, Perturbation, Site } from './schema.js';
import type { AttemptSleep } from './fold.js';
import type { Trail } from './trail.js';

export type AttemptOutcome = Outcome | 'hang' | 'crashed';

export interface TestAttempt {
  run: number;
  proc: number;
  test: string;
  outcome: AttemptOutcome;
  /** Tests that ran (started) earlier in the same process, in order. */
  readonly before: readonly string[];
  perturbation: Perturbation;
  /** Seconds, when the test ended normally. */
  duration: number | null;
  /** The test-start's site: the test method's `def` line, when the runner gave one. */
  site: Site | null;
  /** The first hang event of this execution, if it hung. */
  hang: (HangEvent & { proc: number }) | null;
  /** A test-end closed this execution (otherwise it hung past killing, or its process died). */
  ended: boolean;
  /** Sleeps per sleep site ("file:line"), in order of each site's first sleep. */
  sleeps: ReadonlyMap<string, AttemptSleep>;
  /** What this execution did from its test-start to its end (or the end of the process), event by event. */
  trail: Trail;
}

/** The sleep sites ("file:line") these executions slept at, sorted. */
export const siteKeysOf = (attempts: TestAttempt[]): string[] =>
  [...new Set(attempts.flatMap((a) => [...a.sleeps.keys()]))].sort();

/** Outcomes that count as a failed attempt. */
export const isFailure = (o: AttemptOutcome): boolean => o === 'failed' || o === 'error' || o === 'hang' || o === 'crashed';

/** A perturbation with nothing set: the run is a plain rerun. */
export function isPlain(p: Perturbation): boolean {
  return Object.entries(p).every(([k, v]) => v === undefined || NEUTRAL_KEYS.has(k) || (k === 'order' && v === 'default'));
}

/** Settings that do not change how a passing test behaves: the hang limit, the seed alone, the sleep
 *  scope alone (it only narrows a sleep scale) or recorded for a per-site plan, and which tests were selected (isolate, bisection
 *  subsets, the sweep's repeats), whose effect is the order analysis' business. */
const NEUTRAL_KEYS = new Set(['timeout', 'seed', 'sleepScope', 'sleepScopes', 'isolate', 'subset', 'repeat', 'sweep']);

/** Changes timing only (no reordering): sleep scaling, jitter, switch interval, CPU noise. */
export function isTimingOnly(p: Perturbation): boolean {
  const order = (p as Record<string, unknown>).order;
  return (order === undefined || order === 'default') && !isPlain(p);
}

/** What one execution ran under: its run's and process's settings, where a per-test sleep plan gives
 *  way to the sites this execution scaled (its test-start says which; none: it ran plain). */
function attemptPerturbation(run: IndexedRun, proc: number, own: Perturbation | undefined): Perturbation {
  const { sleepPlan: _plan, ...p } = { ...(run.meta?.perturbation ?? {}), ...(run.processes[proc]?.header.perturbation ?? {}) } as Perturbation;
  return own?.sleepSites !== undefined && Object.keys(own.sleepSites).length > 0 ? { ...p, sleepSites: own.sleepSites } : p;
}

/** Every analysis asks for the same run's executions: built once per run. */
const attemptsCache = new WeakMap<IndexedRun, TestAttempt[]>();

export function attemptsOf(run: IndexedRun): TestAttempt[] {
  const cached = attemptsCache.get(run);
  if (cached) return cached;
  const folded = run.folds.flatMap((f) => f.attempts.map((a) => ({ a, tests: f.tests })));
  // Executions in the order their test-starts have in the run's time-ordered stream.
  folded.sort((x, y) => compareOrder(x.a.at, y.a.at));
  const attempts = folded.map(({ a, tests }): TestAttempt => {
    let before: readonly string[] | undefined;
    return {
      run: run.index, proc: a.proc, test: a.test, outcome: a.outcome,
      // Materialised when asked for: most executions' predecessors are never looked at.
      get before() { return (before ??= tests.slice(0, a.beforeCount)); },
      perturbation: attemptPerturbation(run, a.proc, a.start.perturbation),
      duration: a.duration, site: a.start.site ?? null, hang: a.hang, ended: a.ended, sleeps: a.sleeps, trail: a.trail,
    };
  });
  attemptsCache.set(run, attempts);
  return attempts;
}

export function allAttempts(runs: IndexedRun[]): TestAttempt[] {
  return runs.flatMap(attemptsOf);
}

/** Attempts grouped by test id, in run order. */
export const attemptsByTest = oncePerRuns((runs: IndexedRun[]): Map<string, TestAttempt[]> => {
  const by = new Map<string, TestAttempt[]>();
  for (const a of allAttempts(runs)) {
    const list = by.get(a.test);
    if (list) list.push(a);
    else by.set(a.test, [a]);
  }
  return by;
});

/** The test method's own site (its `def` line, from test-start): where a finding points when nothing
 *  finer decides it (flaky, order-dependent, timing without a deciding sleep). */
export function testSite(attempts: TestAttempt[]): Site | null {
  for (const a of attempts) if (a.site) return a.site;
  return null;
}
