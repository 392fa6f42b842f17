// What to run next, from the attempts so far: perturb each sleep site of the suite on its own
// (site-plan.ts), localise a library's sleep when a uniform scale flipped a test, bisect the tests
// before an order-dependent one, otherwise rerun the suspicious tests under the next perturbation of
// the plan. `--runs auto` stops when every verdict is settled (see isSettled).
import { isFailure, isPlain, siteKeysOf, type TestAttempt } from '../trace/outcomes.js';
import type { Perturbation } from './plan.js';
import { wilson } from '../check/wilson.js';
import { failsMoreThanPlain, judgedSites, judgeTestSites, timingGroups, timingSettings } from '../check/timing.js';
import { onlySleepScaled, scaleAt } from '../trace/scale.js';
import { siteEvidenceStep, type SiteScales } from './site-plan.js';

/** Reruns of suspicious tests repeat each this many times in one process where the runner allows it:
 *  ten tries per process start make a 5% flake show in ~40% of runs instead of 5%. */
export const REPEAT_PER_RUN = 10;
/** A consistent test is settled once, at 95% confidence, its failure rate is below this (pass) or
 *  above 1 minus this (fail): 12 consistent attempts, which also cover every perturbation of the plan. */
export const SETTLED_RATE = 0.25;

export interface Step {
  perturbation: Perturbation;
  /** null: the whole command. */
  tests: string[] | null;
  /** Each test in a process of its own. */
  isolate?: boolean;
  /** Times each test runs in one process, instead of REPEAT_PER_RUN (the sweep sets it). */
  repeat?: number;
  /** The sweep after the baseline (see sweep.ts), recorded on its run. */
  sweep?: boolean;
  reason: string;
}

export type ByTest = Map<string, TestAttempt[]>;

const failedIn = (attempts: TestAttempt[], run: number): boolean => attempts.some((a) => a.run === run && isFailure(a.outcome));
const runsOf = (attempts: TestAttempt[]): number[] => [...new Set(attempts.map((a) => a.run))];

export function suspiciousTests(byTest: ByTest): string[] {
  return [...byTest].filter(([, as]) => as.some((a) => isFailure(a.outcome) || a.sleeps.size > 0 || a.hang !== null)).map(([t]) => t);
}

function plainBaselineFails(attempts: TestAttempt[]): boolean | null {
  const plain = attempts.filter((a) => isPlain(a.perturbation));
  return plain.length === 0 ? null : plain.filter((a) => isFailure(a.outcome)).length * 2 > plain.length;
}

/** Binary search for the sleep site(s) whose scaling alone flips a test: each site-scaled run keeps
 *  the candidates it scaled when the outcome flipped, drops them when it did not. Sites in `judged`
 *  (the suite's own, perturbed one by one anyway) are left out. */
export function localiseStep(test: string, attempts: TestAttempt[], judged: readonly string[] = []): Step | null {
  const baseline = plainBaselineFails(attempts);
  if (baseline === null) return null;
  const global = attempts.find((a) => onlySleepScaled(a.perturbation) && a.perturbation.sleepSites === undefined && a.perturbation.sleepScale !== undefined && isFailure(a.outcome) !== baseline);
  if (!global) return null;
  const scale = global.perturbation.sleepScale as number;
  // Candidates are the sites that run scaled: a sleep outside its scope ran at 1x and cannot have flipped it.
  const sites = siteKeysOf(attempts).filter((k) => scaleAt(global.perturbation, k) !== 1 && !judged.includes(k));
  let candidates = sites;
  const cleared = new Set<string>();
  let confirmed = false;
  for (const run of runsOf(attempts.filter((a) => onlySleepScaled(a.perturbation) && a.perturbation.sleepSites !== undefined))) {
    const inRun = attempts.filter((a) => a.run === run);
    const p = (inRun[0] as TestAttempt).perturbation;
    const scaled = sites.filter((k) => scaleAt(p, k) !== 1);
    const flipped = baseline ? inRun.some((a) => !isFailure(a.outcome)) : failedIn(inRun, run);
    if (flipped) candidates = candidates.filter((k) => scaled.includes(k));
    else {
      candidates = candidates.filter((k) => !scaled.includes(k));
      for (const k of scaled) cleared.add(k);
    }
    if (flipped && scaled.length === 1) confirmed = true;
  }
  const step = (keys: string[], why: string): Step => ({ perturbation: { sleepSites: Object.fromEntries(keys.map((k) => [k, scale])) }, tests: [test], reason: why });
  if (candidates.length === 0) return null;
  if (candidates.length === 1 && confirmed) {
    const untested = sites.filter((k) => k !== candidates[0] && !cleared.has(k));
    return untested.length > 0 ? step(untested, `check the other sleeps of ${test} at ${scale}x`) : null;
  }
  return step(candidates.slice(0, Math.ceil(candidates.length / 2)), `localise the sleep deciding ${test} (${candidates.length} candidate sites)`);
}

/** Bisection of the tests that ran before an order-dependent test, towards the one that flips it. */
export function orderStep(test: string, attempts: TestAttempt[]): Step | null {
  const untimed = attempts.filter((a) => isPlain({ ...a.perturbation, order: undefined }));
  const iso = untimed.find((a) => a.before.every((t) => t === test));
  const outcomes = new Set(untimed.map((a) => isFailure(a.outcome)));
  if (outcomes.size < 2 && !(iso && untimed.some((a) => isFailure(a.outcome) !== isFailure(iso.outcome)))) return null;
  if (!iso) return { perturbation: {}, tests: [test], reason: `run ${test} alone` };
  const isoFails = isFailure(iso.outcome);
  const reference = [...untimed].reverse().find((a) => isFailure(a.outcome) !== isoFails && a.before.some((t) => t !== test));
  if (!reference) return null;
  let candidates = [...new Set(reference.before)].filter((t) => t !== test);
  for (const a of untimed) {
    const before = new Set(a.before);
    candidates = isFailure(a.outcome) === isFailure(reference.outcome) ? candidates.filter((t) => before.has(t)) : candidates.filter((t) => !before.has(t));
  }
  if (candidates.length === 0) return null;
  if (candidates.length === 1) {
    const agreeing = untimed.filter((a) => isFailure(a.outcome) === isFailure(reference.outcome) && a.before.includes(candidates[0] as string));
    return agreeing.length >= 2 ? null : { ...inReferenceOrder([candidates[0] as string], test, reference), reason: `confirm ${candidates[0]} flips ${test}` };
  }
  const half = candidates.slice(0, Math.ceil(candidates.length / 2));
  return { ...inReferenceOrder(half, test, reference), reason: `bisect ${candidates.length} tests that ran before ${test}` };
}

/** A selection that runs `tests` before `test` as they ran in the reference. A reversed run keeps its
 *  order and lists the selection backwards (the runner reverses it again; runners that load in their
 *  own order reverse a subset of it consistently); a shuffle of a subset is not the subset of the
 *  shuffle, so a shuffled reference is replayed in the given order instead. */
function inReferenceOrder(tests: string[], test: string, reference: TestAttempt): Pick<Step, 'perturbation' | 'tests'> {
  const wanted = new Set(tests); // a bisection half can hold thousands of tests
  const ran = reference.before.filter((t) => wanted.has(t));
  const ordered = [...new Set(ran), test];
  return reference.perturbation.order === 'reverse'
    ? { perturbation: { order: 'reverse' }, tests: ordered.reverse() }
    : { perturbation: {}, tests: ordered };
}

/** Plain attempts to compare a failure under one timing perturbation with: 10 passing plain attempts
 *  against 10 failing perturbed ones separate at 95% confidence (one repeated rerun each where the
 *  runner repeats tests)... */
export const CONFIRM_ATTEMPTS = 10;
/** ...and attempts under the perturbation before a failure seen only there is given up as chance: a
 *  race that fails a fifth of its runs under it needs about 30 to stand out from a clean plain record. */
export const MAX_CONFIRM_ATTEMPTS = 30;

/** A test that failed under a timing perturbation (CPU noise, jitter...): rerun it plain, then under
 *  that perturbation, until it fails there more than plain (check/timing.ts failsMoreThanPlain) or the
 *  plain side has had CONFIRM_ATTEMPTS tries and the perturbed one MAX_CONFIRM_ATTEMPTS. One such failure is "flaky"; a clear difference is "timing-sensitive" (a plain failure on a
 *  busy machine does not hide a test that fails far more often under noise). */
export function confirmTimingStep(test: string, attempts: TestAttempt[]): Step | null {
  const plain = attempts.filter((a) => isPlain(a.perturbation));
  const groups = [...timingGroups(attempts).values()];
  const failedUnder = groups.filter((g) => g.some((a) => isFailure(a.outcome)));
  if (failedUnder.length === 0 || failedUnder.some((g) => failsMoreThanPlain(plain, g, groups.length))) return null;
  if (plain.length < CONFIRM_ATTEMPTS) return { perturbation: {}, tests: [test], reason: `rerun ${test} plain to compare with its timing failure` };
  const group = failedUnder.find((g) => g.length < MAX_CONFIRM_ATTEMPTS);
  if (!group) return null;
  return { perturbation: timingSettings((group[0] as TestAttempt).perturbation), tests: [test], reason: `rerun ${test} under the perturbation it failed under` };
}

/** How sleeps are perturbed one by one: the plan's scales (null: it scales none) and whether the
 *  runner repeats a test within one process. */
export interface SitePlanning {
  sites: SiteScales | null;
  canRepeat: boolean;
}

/** A library's sleeps are localised only when no sleep of the suite's own already decides the test. */
function libraryLocaliseStep(test: string, attempts: TestAttempt[], sites: SiteScales | null): Step | null {
  if (sites === null) return localiseStep(test, attempts);
  const step = localiseStep(test, attempts, judgedSites(test, attempts, sites.scopes));
  return step && !judgeTestSites(test, attempts).some((j) => j.outcomeDependsOnIt === true) ? step : null;
}

/** Per-site evidence, localisation and bisection first: they are what turns "flaky" into a cause. */
export function pendingStep(byTest: ByTest, planning: SitePlanning = { sites: null, canRepeat: false }): Step | null {
  const evidence = planning.sites !== null ? siteEvidenceStep(byTest, planning.sites, planning.canRepeat) : null;
  if (evidence) return evidence;
  for (const [test, attempts] of byTest) {
    const step = libraryLocaliseStep(test, attempts, planning.sites) ?? orderStep(test, attempts) ?? confirmTimingStep(test, attempts);
    if (step) return step;
  }
  return null;
}

/** Every suspicious test has a verdict at 95% confidence: mixed outcomes are known to be flaky; a
 *  consistent one has a failure-rate interval wholly below SETTLED_RATE or above 1 - SETTLED_RATE. */
export function isSettled(byTest: ByTest, suspicious: string[]): boolean {
  return suspicious.every((t) => {
    const attempts = (byTest.get(t) ?? []).filter((a) => a.outcome !== 'skipped');
    const failed = attempts.filter((a) => isFailure(a.outcome)).length;
    if (failed > 0 && failed < attempts.length) return true;
    const w = wilson(failed, attempts.length);
    return w.high < SETTLED_RATE || w.low > 1 - SETTLED_RATE;
  });
}
