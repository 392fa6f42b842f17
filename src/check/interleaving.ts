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
  /** `unchanged`: the sleeps kept the plain runs' order, so this sleep's duration does not shape it. */
  kind: 'no-longer-overlaps' | 'now-overlaps' | 'order' | 'unchanged';
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

/** A site key without its folders, for steps quoted in a message ("t.py:193"). */
const shortKey = (step: string): string => step.replace(/(\S*\/)([^/\s]+:\d+)/g, '$2');
/** Steps of an order around where two orders part: the last shared one, then up to STEPS_SHOWN more. */
const STEPS_SHOWN = 3;
const around = (steps: string[], at: number): string => [...(at > 0 ? ['...', steps[at - 1] as string] : []), ...steps.slice(at, at + STEPS_SHOWN), ...(steps.length > at + STEPS_SHOWN ? ['...'] : [])].map(shortKey).join(' -> ');

/** Landmarks: the sites the sequence is made of, each slept at the same number of times (at most
 *  MAX_SPANS_PER_SITE, so every span is known) in every run compared: a poll loop, whose count varies
 *  from run to run, would make every run's order its own. Zero-second sleeps count: a yield marks
 *  where its thread was. */
function landmarks(sites: readonly string[], runs: TestAttempt[]): string[] {
  return sites.filter((k) => {
    const counts = new Set(runs.map((a) => a.sleeps.get(k)?.calls ?? 0));
    const n = [...counts][0] ?? 0;
    return counts.size === 1 && n > 0 && n <= MAX_SPANS_PER_SITE;
  });
}

/** The landmarks' sleeps in time order, as the threads interleaved them: a sleep nothing happened
 *  during is one step ("sleeps at x", for repeats of it in a row too); one that others started or
 *  ended during shows its start and its end. */
function sequence(a: TestAttempt, sites: readonly string[]): string[] {
  const points: Array<{ t: number; rank: number; key: string; span: number }> = [];
  let span = 0;
  for (const k of sites) {
    for (const s of a.sleeps.get(k)?.spans ?? []) {
      points.push({ t: s.start, rank: 0, key: k, span }, { t: s.end, rank: 1, key: k, span });
      span++;
    }
  }
  points.sort((x, y) => x.t - y.t || x.rank - y.rank || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const out: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as (typeof points)[number];
    const next = points[i + 1];
    if (p.rank === 0 && next !== undefined && next.span === p.span) {
      const step = `sleeps at ${p.key}`;
      if (out[out.length - 1] !== step) out.push(step);
      i++;
    } else out.push(`${p.rank === 0 ? 'start' : 'end'} of a sleep at ${p.key}`);
  }
  return out;
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

/** Interleaving changes (or their absence) at each non-deciding condition that scaled `key` alone.
 *  `sites`: the suite's own sleep sites of the test, from which the landmarks are taken. */
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
    const plainSeqs = plain.map((a) => sequence(a, marks).join('\n'));
    const seqs = runs.map((a) => sequence(a, marks).join('\n'));
    const usual = mode(plainSeqs);
    const now = mode(seqs);
    // A claim either way needs an order most runs of each side agree on.
    if (usual === null || now === null || usual.count * 2 <= plain.length || now.count * 2 <= runs.length) continue;
    const counts = { plain: { agreeing: usual.count, runs: plain.length }, perturbed: { agreeing: now.count, runs: runs.length } };
    if (usual.value === now.value) {
      out.push({
        scales: c.scales, kind: 'unchanged', ...counts,
        message: `${at}, the test's sleeps kept the order of its plain runs (${usual.count} of ${plain.length} plain runs, ${now.count} of ${runs.length} ${at}): the interleaving does not depend on ${nameOf(plain, key)}'s duration`,
      });
      continue;
    }
    // A change only when neither order is seen under the other condition: not run-to-run noise.
    if (seqs.includes(usual.value) || plainSeqs.includes(now.value)) continue;
    const before = usual.value.split('\n');
    const after = now.value.split('\n');
    const d = sequenceDivergence(before, after);
    if (d === null) continue;
    out.push({
      scales: c.scales, kind: 'order', divergence: { commonPrefix: d.commonPrefix, plain: d.a, perturbed: d.b }, ...counts,
      message: `${at}, the test's threads interleave differently: ${usual.count} of ${plain.length} plain runs went ${around(before, d.commonPrefix)}, ${now.count} of ${runs.length} runs ${at} went ${around(after, d.commonPrefix)} (an order no plain run had); ${still} the interleaving of its plain runs`,
    });
  }
  return out;
}

function base(c: Condition, kind: InterleavingChange['kind'], counts: Pick<InterleavingChange, 'plain' | 'perturbed'>, plainAgree: number, perturbedAgree: number): Omit<InterleavingChange, 'message'> {
  return { scales: c.scales, kind, plain: { ...counts.plain, agreeing: plainAgree }, perturbed: { ...counts.perturbed, agreeing: perturbedAgree } };
}
