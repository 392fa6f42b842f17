// Whether a test's outcome depends on one sleep site, from that site perturbed on its own: scaled
// alone to 0x and to >= 3x (every other site at 1x), and, against each site that sleeps on another
// thread, in opposite directions (this one short and that one long, then the reverse). `true` needs a
// condition that flips the outcome more often than plain runs do; `false` needs every one of those
// conditions run often enough to bound its flip rate below MAX_FLIP_RATE_FOR_FALSE; anything less is
// `null`, with the reason. What is still missing is listed for the rerun planner (run/site-plan.ts).
import type { TestAttempt } from '../trace/outcomes.js';
import { concurrentWith } from './concurrency.js';
import { conditionKey, conditionOf, type Condition, type TestConditions } from './site-conditions.js';
import { wilson } from './wilson.js';

/** The short scale a claim needs: 0x turns a wait into a yield, the strongest shortening. */
export const SHORT_SCALE = 0;
/** The long scale a claim needs at least: 3x outlasts the ordinary slack of a loaded machine. */
export const LONG_SCALE = 3;
/** "Decides nothing" means: at 95% confidence it flips the outcome in fewer than half of the runs
 *  under each condition. A sleep used as synchronisation flips nearly every run once shortened. */
export const MAX_FLIP_RATE_FOR_FALSE = 0.5;
/** Runs of a condition without a flip that bound its rate below MAX_FLIP_RATE_FOR_FALSE: 4 (0 of 4
 *  gives a 95% upper bound of 49%). */
export const MIN_CONDITION_RUNS = (() => {
  let n = 1;
  while (wilson(0, n).high >= MAX_FLIP_RATE_FOR_FALSE) n++;
  return n;
})();
/** A condition that flips now and then is rerun up to this many times before it is left undecided. */
export const MAX_CONDITION_RUNS = 12;
/** Plain runs that a condition's flips and interleaving are compared with: 3, so that 4 flips in 4
 *  runs separate at 5% (Fisher: 1 in 35) with the baseline and two more. */
export const MIN_PLAIN_RUNS = 3;
/** Sites on other threads scaled against each site in opposite directions: the ones it shares most
 *  sleeping time with; more pairs would cost runs for the rare three-way race. */
export const MAX_PARTNERS = 3;

export interface SiteContext {
  tc: TestConditions;
  attempts: TestAttempt[];
  /** Sites judged one by one: the suite's own code, asking for some time, inside any sleep scope. */
  judged: readonly string[];
}

export interface SiteClaim {
  outcomeDependsOnIt: boolean | null;
  /** One line: the runs behind the answer, or what is missing for one. */
  reason: string;
  /** Scales at which scaling it alone flipped the outcome. */
  flippedAt: number[];
  /** Sites that flipped it only together with this one, in opposite directions. */
  jointlyWith: string[];
  /** Sites on other threads it is (to be) scaled against. */
  partners: string[];
}

/** A condition settled as "no more flips than plain", with its bound under MAX_FLIP_RATE_FOR_FALSE. */
export const cleared = (c: Condition | undefined): boolean => c !== undefined && !c.decides && c.flipRate.high < MAX_FLIP_RATE_FOR_FALSE;
/** A condition that can still go either way and may be rerun (or that has fewer than `target` runs). */
const open = (c: Condition | undefined, target = MIN_CONDITION_RUNS): boolean =>
  c === undefined || (!c.decides && ((!cleared(c) && c.runs < MAX_CONDITION_RUNS) || c.runs < target));

const alone = (tc: TestConditions, key: string): Condition[] =>
  [...tc.conditions.values()].filter((c) => Object.keys(c.scales).length === 1 && c.scales[key] !== undefined);
const short = (k: string): Record<string, number> => ({ [k]: SHORT_SCALE });

/** The longest scale >= LONG_SCALE this site ran alone at, else LONG_SCALE (the one to run). */
function longScaleOf(tc: TestConditions, key: string): number {
  const scales = alone(tc, key).map((c) => c.scales[key] as number).filter((s) => s >= LONG_SCALE);
  return scales.length > 0 ? Math.max(...scales) : LONG_SCALE;
}

const sleptSeconds = (attempts: TestAttempt[], key: string): number => attempts.reduce((s, a) => s + (a.sleeps.get(key)?.actual ?? 0), 0);

export function partnersOf(ctx: SiteContext, key: string): string[] {
  return concurrentWith(ctx.attempts, key, ctx.judged)
    .sort((x, y) => sleptSeconds(ctx.attempts, y) - sleptSeconds(ctx.attempts, x))
    .slice(0, MAX_PARTNERS);
}

/** The two opposite-direction conditions of `key` against `partner`: short/long and long/short. */
function pairScales(tc: TestConditions, key: string, partner: string): Array<Record<string, number>> {
  return [
    { [key]: SHORT_SCALE, [partner]: longScaleOf(tc, partner) },
    { [key]: longScaleOf(tc, key), [partner]: SHORT_SCALE },
  ];
}

/** A pair condition says something about `key` unless the partner's own scale in it flips the test alone. */
function pairInformative(tc: TestConditions, scales: Record<string, number>, key: string): boolean {
  return Object.entries(scales).every(([k, s]) => k === key || !conditionOf(tc, { [k]: s })?.decides);
}

const fmt = (x: number): string => `${x}x`;
const pct = (x: number): string => `${Math.round(x * 100)}%`;
const stats = (c: Condition): string => `${c.failed} of ${c.runs} failed`;
const plainStats = (tc: TestConditions): string => `plain: ${tc.plain.failed} of ${tc.plain.runs} failed`;
const where = (scales: Record<string, number>): string => Object.entries(scales).map(([k, s]) => `${k} at ${fmt(s)}`).join(', ');

export function judgeSite(ctx: SiteContext, key: string): SiteClaim {
  const { tc } = ctx;
  const partners = partnersOf(ctx, key);
  const claim = (outcomeDependsOnIt: boolean | null, reason: string, flippedAt: number[] = [], jointlyWith: string[] = []): SiteClaim => ({ outcomeDependsOnIt, reason, flippedAt, jointlyWith, partners });
  if (tc.plain.runs === 0) return claim(null, 'no plain run to compare with');
  const mine = alone(tc, key);
  const deciding = mine.filter((c) => c.decides);
  if (deciding.length > 0) {
    const first = deciding[0] as Condition;
    return claim(true, `scaled alone to ${fmt(first.scales[key] as number)}, ${stats(first)} (${plainStats(tc)})`, [...new Set(deciding.map((c) => c.scales[key] as number))].sort((a, b) => a - b));
  }
  const joint = [...tc.conditions.values()].filter((c) => Object.keys(c.scales).length > 1 && c.scales[key] !== undefined && c.decides && pairInformative(tc, c.scales, key)
    && !conditionOf(tc, { [key]: c.scales[key] as number })?.decides);
  if (joint.length > 0) {
    const first = joint[0] as Condition;
    const others = [...new Set(joint.flatMap((c) => Object.keys(c.scales).filter((k) => k !== key)))];
    return claim(true, `with ${where(first.scales)}, ${stats(first)} (${plainStats(tc)}), though neither scaled alone flips it`, [], others);
  }
  const needed = requiredConditions(ctx, key, partners);
  const missing = needed.find((s) => !cleared(conditionOf(tc, s)));
  if (missing === undefined) {
    const worst = Math.max(...needed.map((s) => (conditionOf(tc, s) as Condition).flipRate.high));
    const runs = needed.map((s) => (conditionOf(tc, s) as Condition).runs);
    return claim(false, `scaled alone to ${fmt(SHORT_SCALE)} and ${fmt(longScaleOf(tc, key))}${partners.length > 0 ? ` and in opposite directions with ${partners.join(', ')}` : ''}: no more failures than plain in ${Math.min(...runs)}+ runs each (flip rate at most ${pct(worst)}; ${plainStats(tc)})`);
  }
  const c = conditionOf(tc, missing);
  if (c === undefined) return claim(null, `not yet run with ${where(missing)}`);
  return claim(null, `with ${where(missing)}, ${stats(c)} (${plainStats(tc)}): ${c.flipped === 0 ? `too few runs to bound the flip rate under ${pct(MAX_FLIP_RATE_FOR_FALSE)}` : 'flips now and then, neither clearly more often than plain nor rarely enough to rule out'}`);
}

/** The conditions a `false` needs for `key`: alone at 0x and at the long scale, then the informative
 *  opposite-direction pairs with each partner, and any other condition of it that flipped a run. */
function requiredConditions(ctx: SiteContext, key: string, partners: string[]): Array<Record<string, number>> {
  const { tc } = ctx;
  const aloneNeeded = [short(key), { [key]: longScaleOf(tc, key) }];
  const flipped = [...tc.conditions.values()].filter((c) => c.scales[key] !== undefined && c.flipped > 0 && pairInformative(tc, c.scales, key)).map((c) => c.scales);
  return [...aloneNeeded, ...partners.flatMap((p) => pairScales(tc, key, p).filter((s) => pairInformative(tc, s, key))), ...flipped];
}

export interface MissingRuns {
  scales: Record<string, number>;
  runs: number;
}

/** More runs this test needs for a claim on each judged site, scaled alone at `scales` first (pairs
 *  once a site's own conditions are settled), and plain runs to compare flips with. `target`: runs
 *  to aim for per condition where they are cheap (a tighter bound than MIN_CONDITION_RUNS gives). */
export function missingRuns(ctx: SiteContext, scales: readonly number[], target: (scales: Record<string, number>) => number = () => MIN_CONDITION_RUNS): { conditions: MissingRuns[]; plain: number } {
  const { tc } = ctx;
  const out = new Map<string, MissingRuns>();
  const goalOf = (s: Record<string, number>): number => Math.min(MAX_CONDITION_RUNS, Math.max(MIN_CONDITION_RUNS, target(s)));
  const want = (s: Record<string, number>): void => {
    const c = conditionOf(tc, s);
    const goal = goalOf(s);
    if (!open(c, goal)) return;
    const runs = c === undefined ? goal : Math.max(goal - c.runs, 1);
    out.set(conditionKey(s), { scales: s, runs });
  };
  for (const key of ctx.judged) {
    const mine = scales.map((s) => ({ [key]: s }));
    if (mine.some((s) => conditionOf(tc, s)?.decides)) continue;
    mine.forEach(want);
    if (mine.some((s) => open(conditionOf(tc, s), goalOf(s)))) continue;
    // Against each partner, in opposite directions; the partner's own scale alone first, since a pair
    // says nothing about this site when that alone flips the test.
    for (const p of partnersOf(ctx, key)) {
      for (const pair of pairScales(tc, key, p)) {
        const theirs = { [p]: pair[p] as number };
        if (open(conditionOf(tc, theirs), goalOf(theirs))) want(theirs);
        else if (pairInformative(tc, pair, key)) want(pair);
      }
    }
  }
  const conditions = [...out.values()];
  // Flips and interleavings are judged against plain runs: MIN_PLAIN_RUNS of them, as many as the
  // busiest undecided condition has when one keeps flipping now and then.
  const flipping = [...tc.conditions.values()].filter((c) => c.flipped > 0 && !c.decides);
  const plainGoal = Math.max(MIN_PLAIN_RUNS, ...flipping.map((c) => Math.min(c.runs, MAX_CONDITION_RUNS)));
  return { conditions, plain: ctx.judged.length > 0 ? Math.max(0, plainGoal - tc.plain.runs) : 0 };
}
