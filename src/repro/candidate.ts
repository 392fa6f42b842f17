// From a finding and the test's attempts: the perturbation (or order) that made it fail, split into the
// components minimisation may drop — sleep sites, perturbation settings, tests run before the victim.
import type { Finding } from '../check/finding.js';
import { timingSettings } from '../check/timing.js';
import { isFailure, siteKeysOf, type TestAttempt } from '../trace/outcomes.js';
import { scaleAt, siteKey } from '../trace/scale.js';
import type { Perturbation } from '../trace/schema.js';

export type Component =
  | { kind: 'site'; key: string; scale: number }
  /** Settings that only make sense together (jitter with its seed, a scale with its scope). */
  | { kind: 'setting'; name: string; settings: Perturbation }
  | { kind: 'test'; test: string };

export interface Candidate {
  findingId: string;
  /** The test that must fail. */
  victim: string;
  components: Component[];
  /** Applied whatever the components: the hang limit of a hang, the order a load-list runner needs. */
  fixed: Perturbation;
  /** How often the chosen perturbation failed the test in the original runs. */
  observed: { failed: number; runs: number };
  /** What cannot be part of a shim reproducer, said plainly. */
  notes: string[];
}

/** What a set of kept components runs: the selected tests (victim last) and the perturbation. */
export function assemble(c: Candidate, kept: readonly Component[]): { tests: string[]; perturbation: Perturbation } {
  const perturbation: Perturbation = { ...c.fixed };
  const sites: Record<string, number> = {};
  for (const k of kept) {
    if (k.kind === 'site') sites[k.key] = k.scale;
    if (k.kind === 'setting') Object.assign(perturbation, k.settings);
  }
  if (Object.keys(sites).length > 0) perturbation.sleepSites = sites;
  const before = kept.flatMap((k) => (k.kind === 'test' ? [k.test] : []));
  return { tests: [...before, c.victim], perturbation };
}

const rate = (g: TestAttempt[]): number => g.filter((a) => isFailure(a.outcome)).length / g.length;

/** A timing perturbation as components: a global sleep scale becomes one entry per site it scaled in
 *  this test, so minimisation can name the site that decides. */
export function timingComponents(p: Perturbation, siteKeys: string[]): { components: Component[]; notes: string[] } {
  const components: Component[] = [];
  const scaled = siteKeys.filter((k) => scaleAt(p, k) !== 1);
  for (const key of scaled) components.push({ kind: 'site', key, scale: scaleAt(p, key) });
  if (p.sleepScale !== undefined && scaled.length === 0) {
    components.push({ kind: 'setting', name: 'sleepScale', settings: { sleepScale: p.sleepScale, ...(p.sleepScope !== undefined ? { sleepScope: p.sleepScope } : {}) } });
  }
  if (p.jitterMs !== undefined) components.push({ kind: 'setting', name: 'jitterMs', settings: { jitterMs: p.jitterMs, ...(p.seed !== undefined ? { seed: p.seed } : {}) } });
  if (p.switchInterval !== undefined) components.push({ kind: 'setting', name: 'switchInterval', settings: { switchInterval: p.switchInterval } });
  const notes = (p as Record<string, unknown>).cpuNoise !== undefined
    ? ['it failed under CPU noise, which flakescope applies from outside the process: the reproducer runs without it']
    : [];
  return { components, notes };
}

/** The failing timing group (attempts under the same settings, seeds pooled) with the highest failure
 *  rate, ties broken by fewer components; null when no attempt failed. */
function worstGroup(attempts: TestAttempt[], siteKeys: string[]): { attempts: TestAttempt[]; perturbation: Perturbation } | null {
  const groups = new Map<string, TestAttempt[]>();
  for (const a of attempts) {
    const order = a.perturbation.order;
    if (order !== undefined && order !== 'default') continue;
    const { seed: _seed, ...settings } = { ...timingSettings(a.perturbation), ...(a.perturbation.sleepSites ? { sleepSites: a.perturbation.sleepSites } : {}) };
    const key = JSON.stringify(Object.entries(settings).sort());
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const failing = [...groups.values()].filter((g) => g.some((a) => isFailure(a.outcome)));
  const size = (g: TestAttempt[]): number => timingComponents((g.find((a) => isFailure(a.outcome)) as TestAttempt).perturbation, siteKeys).components.length;
  failing.sort((x, y) => rate(y) - rate(x) || size(x) - size(y));
  const best = failing[0];
  if (!best) return null;
  // The seed of a failing attempt: jitter replays that interleaving first.
  return { attempts: best, perturbation: (best.find((a) => isFailure(a.outcome)) as TestAttempt).perturbation };
}

function fromPerturbation(finding: Finding, test: string, attempts: TestAttempt[], fixed: Perturbation): Candidate | null {
  const keys = siteKeysOf(attempts);
  const group = worstGroup(attempts, keys);
  if (!group) return null;
  const { components, notes } = timingComponents(group.perturbation, keys);
  return {
    findingId: finding.id, victim: test, components, fixed, notes,
    observed: { failed: group.attempts.filter((a) => isFailure(a.outcome)).length, runs: group.attempts.length },
  };
}

const namesOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function fromOrder(finding: Finding, test: string, attempts: TestAttempt[], keepsOrder: boolean): Candidate | null {
  const culprits = namesOf(finding.evidence.candidates);
  const untimed = attempts.filter((a) => a.outcome !== 'skipped');
  if (finding.evidence.role === 'state-setter') {
    // It fails without the state-setter: alone is the smallest failing order.
    const alone = untimed.filter((a) => !a.before.some((t) => culprits.includes(t)));
    return { findingId: finding.id, victim: test, components: [], fixed: {}, notes: [], observed: { failed: alone.filter((a) => isFailure(a.outcome)).length, runs: alone.length } };
  }
  const failing = untimed.filter((a) => isFailure(a.outcome) && culprits.every((t) => a.before.includes(t)));
  const reference = [...failing].sort((x, y) => x.before.length - y.before.length)[0];
  if (!reference) return null;
  const ordered = [...new Set(reference.before)].filter((t) => culprits.includes(t));
  const order = reference.perturbation.order;
  // Runners that load tests in their own order need the order the failure ran in; the others run the list as given.
  const fixed: Perturbation = !keepsOrder && order !== undefined && order !== 'default' ? { order } : {};
  const withThem = untimed.filter((a) => culprits.every((t) => a.before.includes(t)));
  return {
    findingId: finding.id, victim: test, fixed, notes: [],
    components: ordered.map((t) => ({ kind: 'test', test: t })),
    observed: { failed: withThem.filter((a) => isFailure(a.outcome)).length, runs: withThem.length },
  };
}

/** The candidate reproducer of a finding, or null when its kind has none or nothing failed. */
export function candidateOf(finding: Finding, byTest: ReadonlyMap<string, TestAttempt[]>, keepsOrder: boolean): Candidate | null {
  const test = finding.test;
  if (test === null) return null;
  const attempts = byTest.get(test) ?? [];
  switch (finding.kind) {
    case 'order-dependent':
      return fromOrder(finding, test, attempts, keepsOrder);
    case 'timing-sensitive':
    case 'flaky':
      return fromPerturbation(finding, test, attempts, {});
    case 'hang': {
      const timeout = typeof finding.evidence.timeout === 'number' ? finding.evidence.timeout : undefined;
      const c = fromPerturbation(finding, test, attempts.map((a) => (a.outcome === 'hang' ? a : { ...a, outcome: 'passed' as const })), timeout !== undefined ? { timeout } : {});
      if (c && timeout === undefined) c.notes.push('the hang limit is unknown: the reproducer hangs until interrupted');
      return c;
    }
    default:
      return null;
  }
}
