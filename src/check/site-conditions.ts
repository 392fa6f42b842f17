// A test's executions sorted into the conditions its sleep sites ran under: plain (every site at 1x),
// one site scaled alone, or a few scaled together (opposite directions on two threads). Each
// condition carries how often the outcome flipped from the plain one and whether that is more than
// plain runs flip by themselves. Only executions that changed nothing but sleep durations count.
import { isFailure, isPlain, type TestAttempt } from '../trace/outcomes.js';
import { onlySleepScaled, scaleAt } from '../trace/scale.js';
import { fisherGreater, SIGNIFICANCE } from './fisher.js';
import { wilson, type Interval } from './wilson.js';

/** What plain executions of the test give: the usual outcome and how often they left it. */
export interface PlainReference {
  runs: number;
  failed: number;
  /** Most plain executions failed. */
  fails: boolean;
  /** Plain executions with the other outcome. */
  flipped: number;
}

export interface Condition {
  /** The test's sleep sites scaled in it ("file:line" -> scale); every other site of the test ran at 1x. */
  scales: Record<string, number>;
  runs: number;
  failed: number;
  /** Executions whose outcome was not the plain one, and the 95% interval of that rate. */
  flipped: number;
  flipRate: Interval;
  /** It flips the outcome more often than plain executions do (one-sided Fisher test at SIGNIFICANCE). */
  decides: boolean;
  attempts: TestAttempt[];
}

export interface TestConditions {
  plain: PlainReference;
  plainAttempts: TestAttempt[];
  /** By conditionKey of their scales. */
  conditions: Map<string, Condition>;
}

/** A stable key for a set of scaled sites. */
export const conditionKey = (scales: Record<string, number>): string => JSON.stringify(Object.entries(scales).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Sites whose sleeps asked for some time: scaling a `sleep(0)` (a yield) changes nothing, so it is
 *  never counted as scaled. */
export function scalableSites(attempts: TestAttempt[]): Set<string> {
  const out = new Set<string>();
  for (const a of attempts) for (const [k, s] of a.sleeps) if (s.requested > 0) out.add(k);
  return out;
}

/** The test's sites an execution scaled, or null when it changed more than sleep durations. */
function scaledIn(a: TestAttempt, sites: Set<string>): Record<string, number> | null {
  if (!onlySleepScaled(a.perturbation)) return null;
  const out: Record<string, number> = {};
  for (const k of sites) {
    const s = scaleAt(a.perturbation, k);
    if (s !== 1) out[k] = s;
  }
  return out;
}

const notSkipped = (a: TestAttempt): boolean => a.outcome !== 'skipped';

/** Plain executions are those that changed nothing, or only sleeps this test never made. */
export function testConditions(attempts: TestAttempt[]): TestConditions {
  const sites = scalableSites(attempts);
  const plainAttempts: TestAttempt[] = [];
  const grouped = new Map<string, { scales: Record<string, number>; attempts: TestAttempt[] }>();
  for (const a of attempts.filter(notSkipped)) {
    const scales = isPlain(a.perturbation) ? {} : scaledIn(a, sites);
    if (scales === null) continue;
    if (Object.keys(scales).length === 0) {
      plainAttempts.push(a);
      continue;
    }
    const key = conditionKey(scales);
    const g = grouped.get(key);
    if (g) g.attempts.push(a);
    else grouped.set(key, { scales, attempts: [a] });
  }
  const failed = plainAttempts.filter((a) => isFailure(a.outcome)).length;
  const fails = failed * 2 > plainAttempts.length;
  const plain: PlainReference = { runs: plainAttempts.length, failed, fails, flipped: fails ? plainAttempts.length - failed : failed };
  const conditions = new Map<string, Condition>();
  for (const [key, g] of grouped) {
    const failedHere = g.attempts.filter((a) => isFailure(a.outcome)).length;
    const flipped = plain.runs === 0 ? 0 : plain.fails ? g.attempts.length - failedHere : failedHere;
    conditions.set(key, {
      scales: g.scales, runs: g.attempts.length, failed: failedHere, flipped,
      flipRate: wilson(flipped, g.attempts.length),
      decides: plain.runs > 0 && fisherGreater(flipped, g.attempts.length, plain.flipped, plain.runs) < SIGNIFICANCE,
      attempts: g.attempts,
    });
  }
  return { plain, plainAttempts, conditions };
}

/** The condition that scaled exactly these sites at these scales, if it ran. */
export const conditionOf = (tc: TestConditions, scales: Record<string, number>): Condition | undefined => tc.conditions.get(conditionKey(scales));
