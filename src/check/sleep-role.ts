// What a sleep is for, read from what it did: a poll interval (a loop that sleeps and re-checks a
// condition, so how many times it sleeps varies with how long the condition takes), or a single wait
// whose effect the test relies on (synchronisation, when scaling it flips the outcome), or cosmetic
// (it decides nothing). A poll interval gets its headroom: how soon the condition was met against how
// long the loop is prepared to wait. One that fails only when its budget is cut (at a scale below 1x,
// after polling longer than any plain run did) is a tight budget, not a race.
import { isFailure, type TestAttempt } from '../trace/outcomes.js';
import type { TestConditions } from './site-conditions.js';

export type SleepRole = 'synchronisation' | 'poll-interval' | 'cosmetic';

export interface Headroom {
  /** Seconds slept at the site before the condition was met, per plain run (mean), and polls. */
  metAfterSeconds: number;
  polls: number;
  /** Seconds each poll asks for. */
  intervalSeconds: number;
  /** Polls the loop made before giving up, at its most, where one gave up; null when none did. */
  budgetPolls: number | null;
  /** budgetPolls x intervalSeconds: the wait the loop allows at 1x. */
  budgetSeconds: number | null;
}

const callsIn = (a: TestAttempt, key: string): number => a.sleeps.get(key)?.calls ?? 0;
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** A loop that re-checks a condition: it sleeps more than once in some execution, and how often
 *  depends on how long the condition takes: plain executions differ in their count, or shortening
 *  this sleep alone makes the loop sleep more often. (A thread's single sleep that outlives its test
 *  is counted in the next execution of a repeated test: that varies the count too, so plain
 *  executions only count when the site slept twice in one of them.) */
export function isPollInterval(tc: TestConditions, key: string): boolean {
  const plain = tc.plainAttempts.map((a) => callsIn(a, key));
  if (Math.max(0, ...plain) > 1 && new Set(plain).size > 1) return true;
  const shortened = [...tc.conditions.values()]
    .filter((c) => Object.keys(c.scales).length === 1 && (c.scales[key] ?? 1) < 1)
    .flatMap((c) => c.attempts.map((a) => callsIn(a, key)));
  return Math.max(0, ...shortened) > 1 && plain.length > 0 && mean(shortened) > mean(plain);
}

export function roleOf(poll: boolean, depends: boolean | null): SleepRole | null {
  if (poll) return 'poll-interval';
  return depends === true ? 'synchronisation' : depends === false ? 'cosmetic' : null;
}

/** Failing executions where this site ran alone below 1x: the ones where the loop's budget was cut. */
function cutAttempts(tc: TestConditions, key: string): TestAttempt[] {
  return [...tc.conditions.values()]
    .filter((c) => Object.keys(c.scales).length === 1 && (c.scales[key] ?? 1) < 1)
    .flatMap((c) => c.attempts.filter((a) => isFailure(a.outcome)));
}

export function headroomOf(tc: TestConditions, key: string): Headroom | null {
  const plain = tc.plainAttempts.filter((a) => a.sleeps.has(key));
  if (plain.length === 0) return null;
  const calls = plain.reduce((n, a) => n + callsIn(a, key), 0);
  const requested = plain.reduce((s, a) => s + (a.sleeps.get(key)?.requested ?? 0), 0);
  const intervalSeconds = calls > 0 ? requested / calls : 0;
  const cut = cutAttempts(tc, key);
  const budgetPolls = cut.length > 0 ? Math.max(...cut.map((a) => callsIn(a, key))) : null;
  return {
    metAfterSeconds: plain.reduce((s, a) => s + (a.sleeps.get(key)?.actual ?? 0), 0) / plain.length,
    polls: calls / plain.length,
    intervalSeconds,
    budgetPolls,
    budgetSeconds: budgetPolls === null ? null : budgetPolls * intervalSeconds,
  };
}

/** It flipped the outcome only below 1x, each such failure after more polls than any plain run made:
 *  the loop gave up because its budget shrank, not because the condition was never going to hold. */
export function failsOnlyWhenBudgetCut(tc: TestConditions, key: string, flippedAt: readonly number[]): boolean {
  if (flippedAt.length === 0 || flippedAt.some((s) => s >= 1)) return false;
  const most = Math.max(0, ...tc.plainAttempts.map((a) => callsIn(a, key)));
  const cut = cutAttempts(tc, key);
  return cut.length > 0 && cut.every((a) => callsIn(a, key) > most);
}

const s1 = (x: number): string => `${x.toFixed(x < 1 ? 2 : 1)} s`;

export function headroomText(h: Headroom): string {
  const met = `condition met after ${s1(h.metAfterSeconds)} (${+h.polls.toFixed(1)} poll(s) of ${s1(h.intervalSeconds)})`;
  return h.budgetSeconds === null ? `${met}; its budget was never reached` : `${met} of a ${s1(h.budgetSeconds)} budget (${h.budgetPolls} polls)`;
}
