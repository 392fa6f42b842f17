// After the baseline, which run comes next: per-site sleep evidence, localisation and bisection
// (adaptive.ts pendingStep), else the next perturbation of the plan that has something to act on;
// or nothing, when --runs auto has every verdict settled. Loaded once the baseline has run.
import type { TestAttempt } from '../trace/outcomes.js';
import { inSleepScope } from '../trace/scale.js';
import { isSettled, pendingStep, REPEAT_PER_RUN, suspiciousTests, type ByTest, type Step } from './adaptive.js';
import type { Perturbation } from './plan.js';
import { repeatsDuplicates, repeatsListedTests } from './select.js';
import { siteScalesOf, uniformScaleAddsTo } from './site-plan.js';
import { roundSeconds } from './sweep.js';

/** Wall time a timing variant (jitter, switch interval, CPU noise) may spend repeating every test: a
 *  thread race in a test that never failed nor slept shows only when it runs often under the
 *  perturbation, and one execution per run leaves that to chance. */
export const TIMING_VARIANT_BUDGET_S = 20;

/** Changes thread timing without scaling sleeps or reordering: worth repeating every test under. */
const shakesThreads = (p: Perturbation): boolean =>
  (p.jitterMs !== undefined || p.switchInterval !== undefined || p.cpuNoise !== undefined) && p.sleepScale === undefined && (p.order === undefined || p.order === 'default') && !p.isolate;

export interface PlannerOptions {
  command: string[];
  runs: number | 'auto';
  perturbations: Perturbation[];
  notes: string[];
  /** The plan's k-th perturbation as a step over these tests (session.ts variantStep). */
  variantStep: (k: number, tests: string[]) => Step | null;
}

/** A scoped sleep scale whose scope holds no sleep that ran so far: the runs it would take change nothing. */
export function scopeMatchedNothing(p: Perturbation, byTest: ByTest): boolean {
  if (p.sleepScope === undefined) return false;
  const scope = p.sleepScope;
  const ran = (a: TestAttempt): boolean => [...a.sleeps.values()].some((s) => inSleepScope(s.site.file, scope));
  return ![...byTest.values()].some((attempts) => attempts.some(ran));
}

export class Planner {
  private readonly done = new Set<string>();
  private variant = 0;
  /** Sleep scopes that matched no sleep: said once, and no run is spent on them. */
  private readonly emptyScopes = new Set<string>();

  constructor(private readonly opts: PlannerOptions) {}

  /** Remembers a step that ran, so an identical one is not planned again. */
  ran(step: Step): void {
    this.done.add(JSON.stringify(step));
  }

  private noteEmptyScopes(byTest: ByTest): void {
    for (const p of this.opts.perturbations) {
      if (p.sleepScope === undefined || this.emptyScopes.has(p.sleepScope) || !scopeMatchedNothing(p, byTest)) continue;
      this.emptyScopes.add(p.sleepScope);
      const scales = this.opts.perturbations.filter((q) => q.sleepScope === p.sleepScope).map((q) => q.sleepScale).join(',');
      this.opts.notes.push(`--perturb sleep-scale=${scales}@${p.sleepScope}: no sleep in a file matching "${p.sleepScope}" ran, so scaling them changes nothing and no runs are spent on it (the scope must be the file's path or a "/"-separated end of it)`);
    }
  }

  private inScope = (p: Perturbation): boolean => p.sleepScope === undefined || !this.emptyScopes.has(p.sleepScope);

  /** The next step, or null when --runs auto has every verdict settled or nothing of the plan applies. */
  next(byTest: ByTest, index: number): Step | null {
    const { opts } = this;
    this.noteEmptyScopes(byTest);
    const suspicious = suspiciousTests(byTest);
    // Per-site evidence is for --runs auto; a fixed --runs N makes the runs of the plan it was given.
    const planning = { sites: opts.runs === 'auto' ? siteScalesOf(opts.perturbations.filter(this.inScope)) : null, canRepeat: repeatsListedTests(opts.command) };
    const settled = (): boolean => opts.runs === 'auto' && this.variant >= opts.perturbations.length && isSettled(byTest, suspicious);
    if (opts.perturbations.length > 0 && !opts.perturbations.some(this.inScope)) {
      opts.notes.push(`no perturbation of --perturb applies to the sleeps that ran: stopped after ${index} runs`);
      return null;
    }
    let pending = opts.perturbations.length > 0 ? pendingStep(byTest, planning) : null;
    if (pending && this.done.has(JSON.stringify(pending))) pending = null;
    if (pending) return pending;
    if (settled()) return this.stop(index);
    // Under --runs auto a uniform sleep scale reruns only the tests it tells more about than their
    // sites scaled one by one (site-plan.ts); with none, that entry of the plan is skipped.
    const usable = (k: number): Step | null => {
      const p = opts.perturbations[k % Math.max(1, opts.perturbations.length)];
      if (p !== undefined && !this.inScope(p)) return null;
      const scaling = p?.sleepScale !== undefined && opts.runs === 'auto' && planning.sites !== null;
      const tests = scaling ? suspicious.filter((t) => uniformScaleAddsTo(t, byTest.get(t) ?? [], p, planning.sites?.scopes ?? null)) : suspicious;
      return scaling && tests.length === 0 ? null : opts.variantStep(k, tests);
    };
    // Under --runs auto a variant that shakes thread timing repeats every test that passed, not only
    // the suspicious ones, as often as REPEAT_PER_RUN within TIMING_VARIANT_BUDGET_S (twice at least).
    const everyTest = (step: Step | null, k: number): Step | null => {
      const p = opts.perturbations[k % Math.max(1, opts.perturbations.length)];
      if (step === null || p === undefined || opts.runs !== 'auto' || !shakesThreads(p) || !repeatsDuplicates(opts.command)) return step;
      const tests = [...byTest].filter(([t, as]) => suspicious.includes(t) || as.some((a) => a.outcome === 'passed')).map(([t]) => t);
      const round = roundSeconds(byTest, tests);
      const repeat = Math.min(REPEAT_PER_RUN, round > 0 ? Math.floor(TIMING_VARIANT_BUDGET_S / round) : REPEAT_PER_RUN);
      // Too long a suite to repeat whole: the suspicious tests alone, as the plan has them.
      return repeat < 2 ? step : { ...step, tests, repeat, reason: `every test ${repeat} times under ${JSON.stringify(p)}` };
    };
    // Skip plan entries with nothing to act on; if none can act, rerun the command as it is.
    let next: Step | null = null;
    for (let tries = 0; next === null && tries < Math.max(1, opts.perturbations.length); tries++) {
      const k = this.variant++;
      next = everyTest(usable(k), k);
    }
    if (next === null && settled()) return this.stop(index);
    return next ?? { perturbation: {}, tests: null, reason: 'rerun the command (nothing to isolate)' };
  }

  private stop(index: number): null {
    this.opts.notes.push(`--runs auto: every verdict settled after ${index} runs`);
    return null;
  }
}
