// Per-site sleep evidence: the runs that perturb each sleep site of the suite's code on its own
// (check/site-judgement.ts says which conditions a claim needs and how many runs are missing). One
// run serves every test at once: FLAKESCOPE_SLEEP_PLAN gives each test its own sites to scale, and
// where the runner repeats a test in one process (unittest) each repetition takes the next condition.
import { judgedSites } from '../check/timing.js';
import { scalableSites, testConditions } from '../check/site-conditions.js';
import { missingRuns, type MissingRuns } from '../check/site-judgement.js';
import { isPlain, type TestAttempt } from '../trace/outcomes.js';
import type { ByTest, Step } from './adaptive.js';
import { scaleAt } from '../trace/scale.js';
import type { Perturbation } from './plan.js';

/** Runs per condition where the runner repeats a test in one process, so runs are cheap: 0 flips in
 *  10 bound the flip rate under 28% (MIN_CONDITION_RUNS, for one run per process start, under 49%)... */
export const REPEATED_CONDITION_RUNS = 10;
/** ...as long as they take no more than this many seconds: a 0.8 s sleep at 3x is 2.4 s a run, and
 *  four runs bound its flip rate well enough for what ten would cost. */
export const CONDITION_BUDGET_S = 10;
/** Expected wall time of one evidence run's repetitions: as for the sweep, a minute of repeats in one
 *  process beats a minute of process start-ups. */
export const SITE_RUN_BUDGET_S = 60;

/** The sleep scales of the plan (`--perturb sleep-scale=...`), each site scaled alone to each of them,
 *  and the scopes they are limited to (null: every file). */
export interface SiteScales {
  scales: number[];
  scopes: string[] | null;
}

/** The scales and scopes of the plan's sleep scalings, or null when it scales no sleep. */
export function siteScalesOf(perturbations: readonly Perturbation[]): SiteScales | null {
  const scaling = perturbations.filter((p) => p.sleepScale !== undefined);
  if (scaling.length === 0) return null;
  const scales = [...new Set(scaling.map((p) => p.sleepScale as number))].filter((s) => s !== 1).sort((a, b) => a - b);
  const scopes = scaling.some((p) => p.sleepScope === undefined) ? null : [...new Set(scaling.map((p) => p.sleepScope as string))];
  return scales.length > 0 ? { scales, scopes } : null;
}

const slowest = (attempts: TestAttempt[]): number => Math.max(0.01, ...attempts.filter((a) => isPlain(a.perturbation)).map((a) => a.duration ?? 0));

/** Seconds one execution should take: its plain time plus what the scaling adds to its sleeps. */
function costOf(attempts: TestAttempt[], scales: Record<string, number>): number {
  const plain = attempts.filter((a) => isPlain(a.perturbation));
  const extra = Object.entries(scales).reduce((s, [k, x]) => {
    const slept = plain.reduce((n, a) => n + (a.sleeps.get(k)?.actual ?? 0), 0) / Math.max(1, plain.length);
    return s + (x - 1) * slept;
  }, 0);
  return Math.max(0.01, slowest(attempts) + extra);
}

interface TestNeeds {
  test: string;
  conditions: MissingRuns[];
  plain: number;
}

function needsOf(byTest: ByTest, config: SiteScales, canRepeat: boolean): TestNeeds[] {
  const out: TestNeeds[] = [];
  for (const [test, attempts] of byTest) {
    const judged = judgedSites(test, attempts, config.scopes);
    if (judged.length === 0) continue;
    const target = (scales: Record<string, number>): number => (canRepeat ? Math.min(REPEATED_CONDITION_RUNS, Math.floor(CONDITION_BUDGET_S / costOf(attempts, scales))) : 0);
    const need = missingRuns({ tc: testConditions(attempts), attempts, judged }, config.scales, target);
    if (need.conditions.length > 0 || need.plain > 0) out.push({ test, ...need });
  }
  return out;
}

/** The executions of one test in a run: each missing condition in turn (plain runs among them) until
 *  each has its runs or the time budget is spent; one execution where the runner cannot repeat. */
function executionsOf(n: TestNeeds, attempts: TestAttempt[], canRepeat: boolean): Array<Record<string, number>> {
  const queue: Array<{ scales: Record<string, number>; left: number }> = [
    ...(n.plain > 0 ? [{ scales: {}, left: n.plain }] : []),
    ...n.conditions.map((c) => ({ scales: c.scales, left: c.runs })),
  ];
  if (!canRepeat) return [(queue[0] as { scales: Record<string, number> }).scales];
  const out: Array<Record<string, number>> = [];
  let spent = 0;
  while (queue.some((q) => q.left > 0)) {
    for (const q of queue) {
      if (q.left <= 0) continue;
      const cost = costOf(attempts, q.scales);
      if (out.length > 0 && spent + cost > SITE_RUN_BUDGET_S) return out;
      out.push(q.scales);
      spent += cost;
      q.left -= 1;
    }
  }
  return out;
}

/** The next evidence run, or null when every judged site of every test has what its claim needs. */
export function siteEvidenceStep(byTest: ByTest, config: SiteScales, canRepeat: boolean): Step | null {
  const needs = needsOf(byTest, config, canRepeat);
  if (needs.length === 0) return null;
  const sleepPlan: Record<string, Array<Record<string, number>>> = {};
  const tests: string[] = [];
  for (const n of needs) {
    const attempts = byTest.get(n.test) ?? [];
    const executions = executionsOf(n, attempts, canRepeat);
    sleepPlan[n.test] = executions;
    for (let i = 0; i < (canRepeat ? executions.length : 1); i++) tests.push(n.test);
  }
  const conditions = needs.reduce((s, n) => s + n.conditions.length, 0);
  const sofar = needs.reduce((s, n) => s + (byTest.get(n.test)?.length ?? 0), 0);
  return {
    perturbation: { sleepPlan, ...(config.scopes !== null ? { sleepScopes: config.scopes } : {}) },
    tests, repeat: 1,
    reason: `perturb each sleep site on its own: ${conditions} condition(s) of ${needs.length} test(s), ${tests.length} execution(s) (after ${sofar})`,
  };
}

/** Whether a uniform sleep scale tells more about a test than its sites scaled one by one: it scales
 *  two or more of its sites at once (sleeps that add up on one thread), or one that is not judged
 *  alone (a library's). A test with a single scaled site would only repeat its alone condition. */
export function uniformScaleAddsTo(test: string, attempts: TestAttempt[], p: Perturbation, scopes: string[] | null): boolean {
  const scaled = [...scalableSites(attempts)].filter((k) => scaleAt(p, k) !== 1);
  const judged = new Set(judgedSites(test, attempts, scopes));
  return scaled.length >= 2 || scaled.some((k) => !judged.has(k));
}
