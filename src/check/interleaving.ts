// Interleaving evidence: when scaling a sleep leaves the outcome as it was but changes how the test's
// threads interleave, the test still passes yet no longer exercises what its plain runs did. Two
// signs, read from the sleeps' spans: two sleeps on different threads that overlapped in every plain
// run and in none at that scale (or the reverse), and the order in which the test's sleeps start and
// end across threads, compared with check/divergence.ts's first-divergence walk.
import { isFailure, type TestAttempt } from '../trace/outcomes.js';
import { MAX_SPANS_PER_SITE, type SleepSpan } from '../trace/fold.js';
import { sequenceDivergence } from './divergence.js';
import type { Condition, TestConditions } from './site-conditions.js';

export interface InterleavingChange {
  /** The condition: the site and scale (every other site at 1x). */
  scales: Record<string, number>;
  kind: 'no-longer-overlaps' | 'now-overlaps' | 'order';
  /** The other sleep site, for the overlap kinds. */
  other?: string;
  /** For `order`: the events both orders share first, then the plain runs' next one and this condition's. */
  divergence?: { commonPrefix: number; plain: string | null; perturbed: string | null };
  /** Runs behind it: plain runs and this condition's runs with the plain outcome (agreeing / compared). */
  plain: { agreeing: number; runs: number };
  perturbed: { agreeing: number; runs: number };
  message: string;
}

const nameOf = (a: TestAttempt[], key: string): string => {
  const fn = a.map((x) => x.sleeps.get(key)?.site.function).find((f) => f !== undefined);
  return fn ? `${key} (${fn})` : key;
};

/** Landmarks: sites slept at the same number of times (at most MAX_SPANS_PER_SITE) in every run
 *  compared, so each of their sleeps can be named ("the 2nd sleep at x") and matched across runs. */
function landmarks(sites: readonly string[], runs: TestAttempt[]): string[] {
  return sites.filter((k) => {
    const counts = new Set(runs.map((a) => a.sleeps.get(k)?.calls ?? 0));
    const n = [...counts][0] ?? 0;
    return counts.size === 1 && n > 0 && n <= MAX_SPANS_PER_SITE;
  });
}

const ordinal = (i: number, n: number): string => (n === 1 ? 'the sleep' : `sleep ${i + 1} of ${n}`);

/** The starts and ends of the landmarks' sleeps, in time order. */
function sequence(a: TestAttempt, sites: readonly string[]): string[] {
  const points: Array<{ t: number; rank: number; label: string }> = [];
  for (const k of sites) {
    const spans = a.sleeps.get(k)?.spans ?? [];
    spans.forEach((s, i) => {
      points.push({ t: s.start, rank: 0, label: `start of ${ordinal(i, spans.length)} at ${k}` });
      points.push({ t: s.end, rank: 1, label: `end of ${ordinal(i, spans.length)} at ${k}` });
    });
  }
  return points.sort((x, y) => x.t - y.t || x.rank - y.rank || (x.label < y.label ? -1 : 1)).map((p) => p.label);
}

/** The most common value and how many share it. */
function mode(values: string[]): { value: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: string; count: number } | null = null;
  for (const [value, count] of counts) if (best === null || count > best.count) best = { value, count };
  return best;
}

const touch = (x: SleepSpan[], y: SleepSpan[]): boolean => x.some((p) => y.some((q) => p.start <= q.end && q.start <= p.end));
const overlapIn = (a: TestAttempt, x: string, y: string): boolean => touch(a.sleeps.get(x)?.spans ?? [], a.sleeps.get(y)?.spans ?? []);

/** Interleaving changes at each non-deciding condition that scaled `key` alone. */
export function interleavingChanges(tc: TestConditions, key: string, sites: readonly string[], partners: readonly string[]): InterleavingChange[] {
  const sameOutcome = (a: TestAttempt): boolean => isFailure(a.outcome) === tc.plain.fails;
  const plain = tc.plainAttempts.filter(sameOutcome);
  if (plain.length === 0) return [];
  const out: InterleavingChange[] = [];
  const conditions = [...tc.conditions.values()].filter((c) => Object.keys(c.scales).length === 1 && c.scales[key] !== undefined && !c.decides);
  for (const c of conditions) {
    const runs = c.attempts.filter(sameOutcome);
    if (runs.length === 0) continue;
    const at = `at ${c.scales[key]}x`;
    const still = `the test still ${tc.plain.fails ? 'fails' : 'passes'}, so ${at} it no longer exercises`;
    for (const other of partners) {
      const before = plain.filter((a) => overlapIn(a, key, other)).length;
      const after = runs.filter((a) => overlapIn(a, key, other)).length;
      const counts = { plain: { agreeing: 0, runs: plain.length }, perturbed: { agreeing: 0, runs: runs.length } };
      if (before === plain.length && after === 0) {
        out.push({ ...base(c, 'no-longer-overlaps', counts, before, runs.length), other, message: `${at}, ${nameOf(plain, key)} no longer overlaps ${nameOf(plain, other)} (it did in ${before} of ${plain.length} plain runs); ${still} the race the overlap set up` });
      } else if (before === 0 && after === runs.length) {
        out.push({ ...base(c, 'now-overlaps', counts, plain.length, after), other, message: `${at}, ${nameOf(plain, key)} now overlaps ${nameOf(plain, other)} (in none of ${plain.length} plain runs); ${still} the interleaving of its plain runs` });
      }
    }
    if (out.some((x) => x.scales === c.scales)) continue;
    const marks = landmarks(sites, [...plain, ...runs]);
    if (marks.length < 2) continue;
    const usual = mode(plain.map((a) => sequence(a, marks).join('\n')));
    const now = mode(runs.map((a) => sequence(a, marks).join('\n')));
    if (usual === null || now === null || usual.value === now.value) continue;
    const d = sequenceDivergence(usual.value.split('\n'), now.value.split('\n'));
    if (d === null) continue;
    out.push({
      scales: c.scales, kind: 'order', divergence: { commonPrefix: d.commonPrefix, plain: d.a, perturbed: d.b },
      plain: { agreeing: usual.count, runs: plain.length }, perturbed: { agreeing: now.count, runs: runs.length },
      message: `${at}, the test's sleeps interleave differently across threads: after ${d.commonPrefix} start(s) and end(s) in the plain order, ${usual.count} of ${plain.length} plain runs had the ${d.a ?? 'sequence end'} where ${now.count} of ${runs.length} runs ${at} had the ${d.b ?? 'sequence end'}; ${still} the interleaving of its plain runs`,
    });
  }
  return out;
}

function base(c: Condition, kind: InterleavingChange['kind'], counts: Pick<InterleavingChange, 'plain' | 'perturbed'>, plainAgree: number, perturbedAgree: number): Omit<InterleavingChange, 'message'> {
  return { scales: c.scales, kind, plain: { ...counts.plain, agreeing: plainAgree }, perturbed: { ...counts.perturbed, agreeing: perturbedAgree } };
}
