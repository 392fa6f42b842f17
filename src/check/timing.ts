// timing-sensitive: a test whose outcome changes when sleeps are scaled (or timing is perturbed),
// localised to the sleep site(s) whose duration decides it. A site decides when scaling it alone
// (every other sleep of the test at 1x) flips the test's plain outcome; it does not when a run scaled
// it (alone or with others) and the outcome stayed. Also: each site's share of the test's time, and an
// info note for a sleep that costs most of a test's time and decides nothing.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { attemptsByTest, isFailure, isPlain, isTimingOnly, testSite, type TestAttempt } from '../trace/outcomes.js';
import { onlySleepScaled, scaleAt } from '../trace/scale.js';
import type { Perturbation, Site } from '../trace/schema.js';
import { wilson } from './wilson.js';

/** A sleep that takes at least this share of its test's time and decides nothing is worth a note. */
export const COSTLY_SLEEP_SHARE = 0.5;

export interface SiteJudgement {
  site: Site;
  key: string;
  test: string;
  /** true: scaling this site alone flipped the outcome; false: scaled, outcome kept; null: never scaled. */
  outcomeDependsOnIt: boolean | null;
  /** Scales at which scaling it alone flipped the outcome. */
  flippedAt: number[];
  /** Seconds slept at this site per plain attempt, and that as a share of the test's duration. */
  secondsPerRun: number;
  share: number | null;
}

function sitesOf(attempts: TestAttempt[]): Map<string, Site> {
  const sites = new Map<string, Site>();
  for (const a of attempts) for (const [key, s] of a.sleeps) sites.set(key, { file: s.site.file, line: s.site.line });
  return sites;
}

/** The outcome plain runs give (fail when most plain attempts failed), or null with no plain attempt. */
function plainFails(attempts: TestAttempt[]): boolean | null {
  const plain = attempts.filter((a) => isPlain(a.perturbation));
  if (plain.length === 0) return null;
  return plain.filter((a) => isFailure(a.outcome)).length * 2 > plain.length;
}

function judgeTest(test: string, attempts: TestAttempt[]): SiteJudgement[] {
  const sites = sitesOf(attempts);
  const baseline = plainFails(attempts);
  const plain = attempts.filter((a) => isPlain(a.perturbation) && a.duration !== null);
  const testSeconds = plain.reduce((s, a) => s + (a.duration ?? 0), 0);
  const out: SiteJudgement[] = [];
  for (const [key, site] of sites) {
    let depends: boolean | null = null;
    const flippedAt: number[] = [];
    for (const a of attempts) {
      if (baseline === null || !onlySleepScaled(a.perturbation) || scaleAt(a.perturbation, key) === 1) continue;
      const flipped = isFailure(a.outcome) !== baseline;
      const alone = [...sites.keys()].every((k) => k === key || scaleAt(a.perturbation, k) === 1);
      if (flipped && alone) flippedAt.push(scaleAt(a.perturbation, key));
      else if (!flipped && depends === null) depends = false;
    }
    if (flippedAt.length > 0) depends = true;
    const slept = plain.reduce((s, a) => s + (a.sleeps.get(key)?.actual ?? 0), 0);
    out.push({
      site, key, test, outcomeDependsOnIt: depends, flippedAt: [...new Set(flippedAt)].sort((x, y) => x - y),
      secondsPerRun: plain.length > 0 ? slept / plain.length : 0,
      share: testSeconds > 0 ? Math.min(1, slept / testSeconds) : null,
    });
  }
  return out;
}

/** Every (test, sleep site) pair with its verdict. */
export function judgeSleepSites(runs: IndexedRun[]): SiteJudgement[] {
  return [...attemptsByTest(runs)].flatMap(([test, attempts]) => judgeTest(test, attempts));
}

export interface TimingVerdict {
  test: string;
  deciding: SiteJudgement[];
  perturbedFailures: number;
  perturbedAttempts: number;
  plainFailures: number;
  plainAttempts: number;
  /** The timing perturbation under which it failed clearly more often than plain, if any. */
  exposedBy?: { perturbation: Perturbation; failed: number; runs: number };
}

/** Attempts under one timing perturbation (jitter, noise, a uniform sleep scale...), keyed by its
 *  settings: pooling different perturbations would dilute the one that exposes the test. */
export function timingGroups(attempts: TestAttempt[]): Map<string, TestAttempt[]> {
  const groups = new Map<string, TestAttempt[]>();
  for (const a of attempts) {
    if (!isTimingOnly(a.perturbation) || a.perturbation.sleepSites !== undefined) continue;
    const { seed: _seed, ...settings } = timingSettings(a.perturbation);
    const key = JSON.stringify(Object.entries(settings).sort());
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return groups;
}

/** The settings of a perturbation that change timing, without how the run selected or repeated tests. */
export function timingSettings(p: Perturbation): Perturbation {
  const { sleepScale, sleepScope, jitterMs, seed, switchInterval } = p;
  // CPU noise is applied by the orchestrator, so only the run's record (not the trace schema) has it.
  const cpuNoise = (p as Record<string, unknown>).cpuNoise;
  return Object.fromEntries(Object.entries({ sleepScale, sleepScope, jitterMs, seed, switchInterval, cpuNoise }).filter(([, v]) => v !== undefined)) as Perturbation;
}

/** A group fails clearly more often than the plain attempts: the 95% intervals do not overlap. */
export function failsMoreThanPlain(plain: TestAttempt[], group: TestAttempt[]): boolean {
  if (plain.length === 0 || group.length === 0) return false;
  const p = wilson(plain.filter((a) => isFailure(a.outcome)).length, plain.length);
  const q = wilson(group.filter((a) => isFailure(a.outcome)).length, group.length);
  return q.low > p.high;
}

/** Tests whose outcome depends on timing: a deciding sleep site, or failing clearly more often under
 *  one timing perturbation than plain (failure-rate intervals that do not overlap). */
export function timingSensitiveTests(runs: IndexedRun[], judgements = judgeSleepSites(runs)): TimingVerdict[] {
  const judged = judgementsByTest(judgements);
  const out: TimingVerdict[] = [];
  for (const [test, attempts] of attemptsByTest(runs)) {
    const plain = attempts.filter((a) => isPlain(a.perturbation));
    const perturbed = attempts.filter((a) => isTimingOnly(a.perturbation));
    const v: TimingVerdict = {
      test,
      deciding: (judged.get(test) ?? []).filter((j) => j.outcomeDependsOnIt === true),
      perturbedFailures: perturbed.filter((a) => isFailure(a.outcome)).length,
      perturbedAttempts: perturbed.length,
      plainFailures: plain.filter((a) => isFailure(a.outcome)).length,
      plainAttempts: plain.length,
    };
    const exposing = [...timingGroups(attempts).values()].find((g) => failsMoreThanPlain(plain, g));
    if (exposing) v.exposedBy = { perturbation: exposing[0]?.perturbation ?? {}, failed: exposing.filter((a) => isFailure(a.outcome)).length, runs: exposing.length };
    if (v.deciding.length > 0 || exposing) out.push(v);
  }
  return out;
}

/** Judgements grouped by test: looked up once per test, not filtered out of every test's (a long
 *  suite has thousands of tests and sleep sites). */
function judgementsByTest(judgements: SiteJudgement[]): Map<string, SiteJudgement[]> {
  const by = new Map<string, SiteJudgement[]>();
  for (const j of judgements) {
    const list = by.get(j.test);
    if (list) list.push(j);
    else by.set(j.test, [j]);
  }
  return by;
}

const fmtScale = (x: number): string => `${x}x`;

export function timing(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const judgements = judgeSleepSites(runs);
  const judged = judgementsByTest(judgements);
  const byTest = attemptsByTest(runs);
  for (const v of timingSensitiveTests(runs, judgements)) {
    const site = v.deciding[0]?.site ?? testSite(byTest.get(v.test) ?? []);
    const where = v.deciding.map((d) => `${d.key} (outcome flips at ${d.flippedAt.map(fmtScale).join(', ')})`).join('; ');
    findings.push({
      id: findingId('timing-sensitive', site, v.test),
      kind: 'timing-sensitive',
      severity: severityOf('timing-sensitive', opts),
      test: v.test,
      site,
      message: where
        ? `${v.test} depends on the duration of the sleep at ${where}; it passed ${v.plainAttempts - v.plainFailures} of ${v.plainAttempts} plain runs`
        : `${v.test} failed ${v.exposedBy?.failed ?? v.perturbedFailures} of ${v.exposedBy?.runs ?? v.perturbedAttempts} runs under ${v.exposedBy ? JSON.stringify(v.exposedBy.perturbation) : 'timing perturbations'} but ${v.plainFailures} of ${v.plainAttempts} plain runs; no single sleep site decides it`,
      evidence: {
        sites: (judged.get(v.test) ?? []).map((j) => ({ site: j.site, outcomeDependsOnIt: j.outcomeDependsOnIt, flippedAt: j.flippedAt })),
        plain: { failed: v.plainFailures, runs: v.plainAttempts },
        perturbed: { failed: v.perturbedFailures, runs: v.perturbedAttempts },
        ...(v.exposedBy ? { exposedBy: v.exposedBy } : {}),
      },
    });
  }
  for (const j of judgements) {
    if (j.outcomeDependsOnIt !== false || j.share === null || j.share < COSTLY_SLEEP_SHARE) continue;
    findings.push({
      id: findingId('costly-sleep', j.site, j.test),
      kind: 'costly-sleep',
      severity: opts.severity?.['costly-sleep'] ?? 'info',
      test: j.test,
      site: j.site,
      message: `the sleep at ${j.key} costs ${Math.round(j.share * 100)}% of ${j.test}'s time (${j.secondsPerRun.toFixed(2)} s per run) and the outcome does not depend on it`,
      evidence: { share: j.share, secondsPerRun: j.secondsPerRun },
    });
  }
  return findings;
}
