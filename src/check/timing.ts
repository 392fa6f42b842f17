// timing-sensitive: a test whose outcome changes when sleeps are scaled (or timing is perturbed),
// localised to the sleep site(s) whose duration decides it. Each site of the suite's own code is
// judged from runs that perturbed it on its own (check/site-judgement.ts): `true`, `false`, or `null`
// with the reason. Also: what each sleep is for (check/sleep-role.ts), how its scaling changed the
// interleaving when it changed no outcome (check/interleaving.ts), its share of the test's time, and
// an info note for a sleep that costs most of a test's time and was shown to decide nothing.
import type { Finding, Severity } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsByTest, isFailure, isPlain, isTimingOnly, siteKeysOf, testSite, type TestAttempt } from '../trace/outcomes.js';
import { inSleepScope, onlySleepScaled, scaleAt } from '../trace/scale.js';
import type { Perturbation, Site } from '../trace/schema.js';
import { interleavingChanges, type InterleavingChange } from './interleaving.js';
import { scalableSites, testConditions, type Condition } from './site-conditions.js';
import { judgeSite, type SiteContext } from './site-judgement.js';
import { failsOnlyWhenBudgetCut, headroomOf, headroomText, isPollInterval, roleOf, type Headroom, type SleepRole } from './sleep-role.js';
import { isSuiteFile } from './suite-code.js';
import { fisherGreater, SIGNIFICANCE } from './fisher.js';
import { orderDependentTests, type OrderVerdict } from './order.js';
import { oncePerRuns } from '../trace/once-per-runs.js';

/** A sleep that takes at least this share of its test's time and decides nothing is worth a note. */
export const COSTLY_SLEEP_SHARE = 0.5;

/** One condition a site ran under, as the report shows it. */
export interface ConditionEvidence {
  /** Sites scaled ("file:line" -> scale); every other site of the test at 1x. */
  scales: Record<string, number>;
  runs: number;
  failed: number;
  flipped: number;
  flipRate: { estimate: number; low: number; high: number };
  decides: boolean;
}

export interface SiteJudgement {
  site: Site;
  key: string;
  test: string;
  /** true: perturbing it on its own flips the outcome; false: shown not to; null: see `reason`. */
  outcomeDependsOnIt: boolean | null;
  reason: string;
  /** Scales at which scaling it alone flipped the outcome. */
  flippedAt: number[];
  role: SleepRole | null;
  /** Poll intervals: how soon the condition was met against the loop's budget. */
  headroom?: Headroom & { text: string };
  /** It decides only by cutting a poll loop's budget (below 1x): a warning, not a race. */
  budgetCut: boolean;
  /** The conditions that scaled it, alone or with another site. */
  conditions: ConditionEvidence[];
  /** Sites on other threads it is scaled against in opposite directions, and those that flip the outcome only with it. */
  partners: string[];
  jointlyWith: string[];
  /** Scaling it changed how the threads interleave, not the outcome. */
  interleaving: InterleavingChange[];
  /** Seconds slept at this site per plain attempt, and that as a share of the test's duration. */
  secondsPerRun: number;
  share: number | null;
}

/** The sleep scopes a test's sleep scaling was limited to, or null when some scaling had none. */
function scopesOf(attempts: TestAttempt[]): string[] | null {
  const scopes = new Set<string>();
  for (const a of attempts) {
    const p = a.perturbation as Perturbation & { sleepScopes?: string[] };
    if (p.sleepScopes !== undefined) for (const s of p.sleepScopes) scopes.add(s);
    else if (p.sleepScale !== undefined) {
      if (p.sleepScope === undefined) return null;
      scopes.add(p.sleepScope);
    }
  }
  return scopes.size > 0 ? [...scopes] : null;
}

const fileOf = (key: string): string => key.slice(0, key.lastIndexOf(':'));

/** The sites judged one by one: the suite's own, asking for some time, inside the sleep scope if any. */
export function judgedSites(test: string, attempts: TestAttempt[], scopes: readonly string[] | null): string[] {
  const scalable = scalableSites(attempts);
  return siteKeysOf(attempts).filter((k) => scalable.has(k) && isSuiteFile(fileOf(k), test) && (scopes === null || scopes.some((s) => inSleepScope(fileOf(k), s))));
}

function notJudgedReason(key: string, test: string, scalable: Set<string>, scopes: readonly string[] | null): string {
  if (!scalable.has(key)) return 'it asks for 0 s (a yield): scaling cannot change it';
  if (!isSuiteFile(fileOf(key), test)) return 'library code, not the suite\'s own: its sleeps are not perturbed one by one';
  return `outside the sleep scope (${(scopes ?? []).join(', ')}): not perturbed`;
}

const evidenceOf = (c: Condition): ConditionEvidence => ({ scales: c.scales, runs: c.runs, failed: c.failed, flipped: c.flipped, flipRate: c.flipRate, decides: c.decides });

/** The judgement of every sleep site of one test, from its executions. */
export function judgeTestSites(test: string, attempts: TestAttempt[]): SiteJudgement[] {
  if (attempts.every((a) => a.sleeps.size === 0)) return []; // no sleep site: nothing to judge (most tests)
  const tc = testConditions(attempts);
  const scopes = scopesOf(attempts);
  const judged = judgedSites(test, attempts, scopes);
  const scalable = scalableSites(attempts);
  const ctx: SiteContext = { tc, attempts, judged };
  const suiteSites = siteKeysOf(attempts).filter((k) => isSuiteFile(fileOf(k), test));
  const plain = attempts.filter((a) => isPlain(a.perturbation) && a.duration !== null);
  const testSeconds = plain.reduce((s, a) => s + (a.duration ?? 0), 0);
  const out: SiteJudgement[] = [];
  const sites = new Map<string, Site>();
  for (const a of attempts) for (const [k, s] of a.sleeps) if (!sites.has(k)) sites.set(k, s.site);
  for (const [key, site] of sites) {
    const slept = plain.reduce((s, a) => s + (a.sleeps.get(key)?.actual ?? 0), 0);
    const common = { site, key, test, secondsPerRun: plain.length > 0 ? slept / plain.length : 0, share: testSeconds > 0 ? Math.min(1, slept / testSeconds) : null };
    const poll = isPollInterval(tc, key);
    const conditions = [...tc.conditions.values()].filter((c) => c.scales[key] !== undefined).map(evidenceOf);
    if (!judged.includes(key)) {
      out.push({ ...common, outcomeDependsOnIt: null, reason: notJudgedReason(key, test, scalable, scopes), flippedAt: [], role: poll ? 'poll-interval' : null, budgetCut: false, conditions, partners: [], jointlyWith: [], interleaving: [] });
      continue;
    }
    const claim = judgeSite(ctx, key);
    const headroom = poll ? headroomOf(tc, key) : null;
    out.push({
      ...common, ...claim, role: roleOf(poll, claim.outcomeDependsOnIt),
      ...(headroom ? { headroom: { ...headroom, text: headroomText(headroom) } } : {}),
      budgetCut: poll && claim.outcomeDependsOnIt === true && failsOnlyWhenBudgetCut(tc, key, claim.flippedAt),
      conditions,
      interleaving: interleavingChanges(tc, key, suiteSites, claim.partners),
    });
  }
  return out;
}

/** Every (test, sleep site) pair with its verdict. */
export const judgeSleepSites = oncePerRuns((runs: IndexedRun[]): SiteJudgement[] => [...attemptsByTest(runs)].flatMap(([test, attempts]) => judgeTestSites(test, attempts)));

export interface TimingVerdict {
  test: string;
  deciding: SiteJudgement[];
  perturbedFailures: number;
  perturbedAttempts: number;
  plainFailures: number;
  plainAttempts: number;
  /** The timing perturbation under which it failed clearly more often than plain, if any. */
  exposedBy?: { perturbation: Perturbation; failed: number; runs: number };
  /** Every deciding site only cuts a poll loop's budget, and nothing else exposed the test. */
  budgetOnly: boolean;
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

/** A group fails more often than the plain attempts: a one-sided Fisher test at SIGNIFICANCE, shared
 *  among the `comparisons` groups a test is checked under (Bonferroni), so that a plain flake that
 *  happens to fail twice under one of five perturbations is not blamed on it. */
export function failsMoreThanPlain(plain: TestAttempt[], group: TestAttempt[], comparisons = 1): boolean {
  if (plain.length === 0 || group.length === 0) return false;
  const failed = (as: TestAttempt[]): number => as.filter((a) => isFailure(a.outcome)).length;
  return fisherGreater(failed(group), group.length, failed(plain), plain.length) < SIGNIFICANCE / Math.max(1, comparisons);
}

/** A uniform sleep scale whose failures the budget-cut poll sites explain: it shortened one of them. */
function explainedByBudget(group: TestAttempt[], budgetSites: SiteJudgement[]): boolean {
  const p = (group[0] as TestAttempt).perturbation;
  return onlySleepScaled(p) && budgetSites.some((j) => scaleAt(p, j.key) < 1);
}

/** Tests whose outcome depends on timing: a deciding sleep site, or failing clearly more often under
 *  one timing perturbation than plain (failure-rate intervals that do not overlap). */
export const timingSensitiveTests = oncePerRuns((runs: IndexedRun[]): TimingVerdict[] => {
  const judged = judgementsByTest(judgeSleepSites(runs));
  const orderOf = new Map(orderDependentTests(runs).map((v) => [v.test, v]));
  const out: TimingVerdict[] = [];
  for (const [test, all] of attemptsByTest(runs)) {
    // An order-dependent test is compared only over executions whose predecessors do not decide it:
    // a run that repeats every test puts the polluter before each repetition, whatever its timing.
    const attempts = all.filter(orderNeutral(orderOf.get(test)));
    const plain = attempts.filter((a) => isPlain(a.perturbation));
    const perturbed = attempts.filter((a) => isTimingOnly(a.perturbation));
    const deciding = (judged.get(test) ?? []).filter((j) => j.outcomeDependsOnIt === true);
    const groups = [...timingGroups(attempts).values()];
    const exposing = groups.filter((g) => failsMoreThanPlain(plain, g, groups.length));
    const budget = deciding.filter((j) => j.budgetCut);
    const v: TimingVerdict = {
      test, deciding,
      perturbedFailures: perturbed.filter((a) => isFailure(a.outcome)).length,
      perturbedAttempts: perturbed.length,
      plainFailures: plain.filter((a) => isFailure(a.outcome)).length,
      plainAttempts: plain.length,
      budgetOnly: deciding.length > 0 && budget.length === deciding.length && exposing.every((g) => explainedByBudget(g, budget)),
    };
    const first = exposing[0];
    if (first) v.exposedBy = { perturbation: first[0]?.perturbation ?? {}, failed: first.filter((a) => isFailure(a.outcome)).length, runs: first.length };
    if (v.deciding.length > 0 || first) out.push(v);
  }
  return out;
});

/** Executions whose outcome the order verdict does not already explain: no polluter before them, or
 *  the state-setter before them. */
function orderNeutral(verdict: OrderVerdict | undefined): (a: TestAttempt) => boolean {
  if (!verdict) return () => true;
  const culprits = new Set(verdict.culprits);
  const culpritBefore = (a: TestAttempt): boolean => a.before.some((t) => culprits.has(t));
  return verdict.role === 'polluter' ? (a) => !culpritBefore(a) : culpritBefore;
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

function decidingText(d: SiteJudgement): string {
  if (d.flippedAt.length === 0) return `${d.key} together with ${d.jointlyWith.join(', ')} (${d.reason})`;
  const role = d.role === 'poll-interval' ? `, the poll interval of a bounded wait: ${d.headroom?.text ?? 'headroom unknown'}` : d.role === 'synchronisation' ? ', a wait the test relies on' : '';
  return `${d.key} (outcome flips at ${d.flippedAt.map(fmtScale).join(', ')}: ${d.reason}${role})`;
}

function timingMessage(v: TimingVerdict): string {
  const where = v.deciding.map(decidingText).join('; ');
  if (!where) {
    return `${v.test} failed ${v.exposedBy?.failed ?? v.perturbedFailures} of ${v.exposedBy?.runs ?? v.perturbedAttempts} runs under ${v.exposedBy ? JSON.stringify(v.exposedBy.perturbation) : 'timing perturbations'} but ${v.plainFailures} of ${v.plainAttempts} plain runs; no single sleep site decides it`;
  }
  const lead = v.budgetOnly
    ? `${v.test} fails only when a bounded wait's budget is cut, at ${where}; that is a tight budget, not a race`
    : `${v.test} depends on the duration of the sleep at ${where}`;
  return `${lead}; it passed ${v.plainAttempts - v.plainFailures} of ${v.plainAttempts} plain runs`;
}

export function timing(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const judgements = judgeSleepSites(runs);
  const judged = judgementsByTest(judgements);
  const byTest = attemptsByTest(runs);
  for (const v of timingSensitiveTests(runs)) {
    const site = v.deciding[0]?.site ?? testSite(byTest.get(v.test) ?? []);
    // A budget cut is a warning unless the user set the kind's severity.
    const severity: Severity = v.budgetOnly ? opts.severity?.['timing-sensitive'] ?? 'warning' : severityOf('timing-sensitive', opts);
    findings.push({
      id: findingId('timing-sensitive', site, v.test),
      kind: 'timing-sensitive',
      severity,
      test: v.test,
      site,
      message: timingMessage(v),
      evidence: {
        sites: (judged.get(v.test) ?? []).map((j) => ({
          site: j.site, outcomeDependsOnIt: j.outcomeDependsOnIt, reason: j.reason, role: j.role, flippedAt: j.flippedAt, conditions: j.conditions,
          ...(j.headroom ? { headroom: j.headroom } : {}), ...(j.interleaving.length > 0 ? { interleaving: j.interleaving } : {}),
        })),
        plain: { failed: v.plainFailures, runs: v.plainAttempts },
        perturbed: { failed: v.perturbedFailures, runs: v.perturbedAttempts },
        ...(v.exposedBy ? { exposedBy: v.exposedBy } : {}),
        ...(v.budgetOnly ? { budgetOnly: true } : {}),
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
      message: `the sleep at ${j.key} costs ${Math.round(j.share * 100)}% of ${j.test}'s time (${j.secondsPerRun.toFixed(2)} s per run) and the outcome does not depend on it: ${j.reason}`,
      evidence: { share: j.share, secondsPerRun: j.secondsPerRun, conditions: j.conditions },
    });
  }
  return findings;
}

