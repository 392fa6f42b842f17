// The run loop: a plain baseline of the whole command, then either N runs or (--runs auto) a sweep
// (sweep.ts) and runs until every verdict is settled, --max-runs or --budget. Each rerun is chosen by adaptive.ts from the traces
// so far; this file only executes, records and stops.
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { ensurePrivateDir } from '../fs/atomic.js';
import { FinishedRuns } from '../trace/finished-runs.js';
import type { ByTest, Step } from './adaptive.js';
import { buildChildEnv } from './env.js';
import { executeRun } from './execute.js';
import { runMetaOf, type RunRecord } from './manifest.js';
import { orderOf, type Perturbation } from './plan.js';
import type { Planner } from './next-step.js';

// The planning modules (adaptive.ts, sweep.ts and the trace analyses they use) are imported after the
// baseline, when a rerun is chosen: a single run never needs them, and nothing waits for them before
// the first child starts.

/** Default cap for --runs auto: enough for the plan twice over plus localisation and bisection. */
export const DEFAULT_MAX_RUNS = 40;
/** --runs auto without --timeout: the baseline's per-test limit. Nothing is known of the suite yet; a
 *  test still running after ten minutes of a plain run is taken as hung, so the session ends. */
export const AUTO_BASELINE_LIMIT_S = 600;
/** The reruns' per-test limit: this many times the slowest plain execution of the tests a run
 *  selects (a 3x sleep scale stays well inside it)... */
export const AUTO_LIMIT_FACTOR = 10;
/** ...and never under this: interpreter start-up and a loaded machine. */
export const MIN_AUTO_LIMIT_S = 60;

export interface SessionOptions {
  command: string[];
  tracesDir: string;
  shimDir: string;
  /** A number, or 'auto'. */
  runs: number | 'auto';
  maxRuns: number;
  /** Seconds of wall time after which no new run starts. */
  budget?: number;
  perturbations: Perturbation[];
  timeout?: number;
  notes: string[];
  /** Runs after the baseline write their output to <logsDir>/<index>.log instead of the terminal. */
  logsDir?: string;
  /** Told each run's child environment (e.g. to learn the secrets it carries). */
  onEnv?: (env: NodeJS.ProcessEnv) => void;
  /** Traces of the runs made so far, read once each; shared with whoever else reads them (the progress bar). */
  finished?: FinishedRuns;
  /** Wraps each rerun (index > 0) while it executes, e.g. to drive a progress bar. */
  track?: <T>(index: number, running: Promise<T>) => Promise<T>;
  /** Called once each child process has started (the orchestrator is then free to load what it needs after the run). */
  onSpawn?: () => void;
  /** Told of each run (its index) as it starts, with a promise that settles when it has ended. */
  onRun?: (index: number, ended: Promise<void>) => void;
}

export interface SessionResult {
  runs: RunRecord[];
  interruptedBy: NodeJS.Signals | null;
}

async function attemptsSoFar(finished: FinishedRuns, runs: RunRecord[]): Promise<ByTest> {
  const [{ attemptsByTest }, { indexRun }] = await Promise.all([import('../trace/outcomes.js'), import('../trace/run-index.js')]);
  const traces = await finished.get(runs.map((r) => r.index));
  return attemptsByTest(traces.map((r) => {
    const rec = runs.find((x) => x.index === r.index);
    return indexRun(r, rec ? runMetaOf(rec) : undefined);
  }));
}

/** The per-test limit of a run: --timeout when given; under --runs auto AUTO_BASELINE_LIMIT_S for the
 *  baseline, then max(MIN_AUTO_LIMIT_S, AUTO_LIMIT_FACTOR x the slowest plain execution of the tests it
 *  runs); none for a fixed --runs N. */
export function perTestLimit(opts: Pick<SessionOptions, 'timeout' | 'runs'>, step: Step, byTest: ByTest | null, isPlain: (p: Perturbation) => boolean): number | undefined {
  if (opts.timeout !== undefined || opts.runs !== 'auto') return opts.timeout;
  if (byTest === null) return AUTO_BASELINE_LIMIT_S;
  const tests = step.tests ?? [...byTest.keys()];
  let slowest = 0;
  for (const t of new Set(tests)) for (const a of byTest.get(t) ?? []) if (isPlain(a.perturbation) && a.duration !== null) slowest = Math.max(slowest, a.duration);
  return Math.max(MIN_AUTO_LIMIT_S, Math.ceil(AUTO_LIMIT_FACTOR * slowest));
}

/** The next perturbation of the plan, as a step over the suspicious tests (or the whole command);
 *  null when it has nothing to act on (isolation with no suspicious test). */
export function variantStep(k: number, opts: Pick<SessionOptions, 'perturbations' | 'runs'>, suspicious: string[]): Step | null {
  const p = opts.perturbations.length > 0 ? (opts.perturbations[k % opts.perturbations.length] as Perturbation) : {};
  if (p.isolate && suspicious.length === 0) return null;
  // Fixed --runs N reruns the whole command; auto narrows to the suspicious tests once there are any,
  // except for a new order: a victim that passed because its polluter ran after it is not suspicious
  // until the order changes, so reordering only the suspicious tests would never expose it.
  const narrow = opts.runs === 'auto' && suspicious.length > 0 && (p.order === undefined || p.order === 'default');
  if (p.isolate) return { perturbation: p, tests: suspicious, isolate: true, reason: 'each suspicious test alone' };
  return { perturbation: p, tests: narrow ? suspicious : null, reason: narrow ? 'rerun suspicious tests' : 'rerun the command' };
}

/** The sweep step when one is worth making (see sweep.ts); the decision goes into the notes either way. */
async function sweepAfterBaseline(opts: SessionOptions, byTest: ByTest, suspicious: string[], records: RunRecord[], started: number): Promise<Step | null> {
  const { sweepStep } = await import('./sweep.js');
  const elapsed = (Date.now() - started) / 1000;
  const decision = sweepStep({
    command: opts.command, byTest, suspicious, baselineSeconds: (records[0]?.durationMs ?? 0) / 1000,
    budgetSeconds: opts.budget === undefined ? undefined : opts.budget - elapsed,
  });
  opts.notes.push(decision.note);
  return decision.step;
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const started = Date.now();
  const finished = opts.finished ?? new FinishedRuns(path.dirname(opts.tracesDir));
  const records: RunRecord[] = [];
  let planner: Planner | undefined;
  let warnedUnknown = false;
  const limit = opts.runs === 'auto' ? opts.maxRuns : opts.runs;
  for (let index = 0; index < limit; index++) {
    if (index > 0 && opts.budget !== undefined && (Date.now() - started) / 1000 >= opts.budget) {
      opts.notes.push(`stopped after ${index} runs: the --budget of ${opts.budget} s was used up`);
      break;
    }
    let step: Step = { perturbation: {}, tests: null, reason: 'baseline' };
    let allTests: string[] = [];
    let byTest: ByTest | null = null;
    if (index > 0) {
      byTest = await attemptsSoFar(finished, records);
      allTests = [...byTest.keys()];
      const { suspiciousTests } = await import('./adaptive.js');
      const sweep = opts.runs === 'auto' && index === 1 ? await sweepAfterBaseline(opts, byTest, suspiciousTests(byTest), records, started) : null;
      planner ??= new (await import('./next-step.js')).Planner({ ...opts, variantStep: (k, tests) => variantStep(k, opts, tests) });
      const next = sweep ?? planner.next(byTest, index);
      if (next === null) break;
      step = next;
    }
    planner?.ran(step);
    const timeout = perTestLimit(opts, step, byTest, byTest === null ? () => true : (await import('../trace/outcomes.js')).isPlain);
    const record = await runStep(index, step, allTests, { ...opts, timeout }, () => {
      if (!warnedUnknown) opts.notes.push(`cannot rerun single tests with ${opts.command.join(' ')} (runner not recognised): reran the whole command`);
      warnedUnknown = true;
    });
    records.push(record.record);
    if (record.interruptedBy !== null) return { runs: records, interruptedBy: record.interruptedBy };
  }
  if (opts.runs === 'auto' && records.length >= opts.maxRuns) opts.notes.push(`--runs auto stopped at --max-runs ${opts.maxRuns}; some verdicts may not be settled`);
  return { runs: records, interruptedBy: null };
}

async function runStep(index: number, step: Step, allTests: string[], opts: SessionOptions, unknownRunner: () => void): Promise<{ record: RunRecord; interruptedBy: NodeJS.Signals | null }> {
  const traceDir = path.join(opts.tracesDir, String(index));
  await ensurePrivateDir(traceDir);
  const listFile = path.join(path.dirname(opts.tracesDir), `selection-${index}.txt`);
  const env = buildChildEnv(process.env, { shimDir: opts.shimDir, traceDir, run: index, perturbation: step.perturbation, timeout: opts.timeout });
  opts.onEnv?.(env);
  // The baseline streams live, as the user expects of their command; reruns would repeat it N times.
  const logFile = index > 0 && opts.logsDir !== undefined ? path.join(opts.logsDir, `${index}.log`) : undefined;
  if (opts.logsDir !== undefined && logFile !== undefined) await ensurePrivateDir(opts.logsDir);
  // Isolation spawns one process per test; otherwise one command, narrowed when possible.
  const groups = step.tests === null ? [null] : step.isolate ? step.tests.map((t) => [t]) : [step.tests];
  // Only a rerun of chosen tests selects: the baseline's child starts without loading select.ts.
  const select = step.tests === null ? null : await import('./select.js');
  const repeat = step.repeat ?? (select !== null && !step.isolate && select.repeatsDuplicates(opts.command) ? (await import('./adaptive.js')).REPEAT_PER_RUN : 1);
  const record: RunRecord = { index, perturbation: { ...step.perturbation }, order: orderOf(step.perturbation), exitCode: null, signal: null, durationMs: 0 };
  if (step.tests !== null) record.selected = step.tests;
  if (step.isolate) record.perturbation.isolate = true;
  if (repeat > 1) record.perturbation.repeat = repeat;
  if (step.sweep) record.perturbation.sweep = true;
  let interruptedBy: NodeJS.Signals | null = null;
  let ended = (): void => undefined;
  opts.onRun?.(index, new Promise<void>((resolve) => { ended = resolve; }));
  try {
    for (const group of groups) {
      const tests = group === null ? null : group.flatMap((t) => Array.from({ length: repeat }, () => t));
      const selection = tests === null || select === null ? null : select.selectTests(opts.command, tests, listFile);
      if (tests !== null && selection === null) unknownRunner();
      if (selection?.listText !== undefined) await writeFile(listFile, selection.listText, { mode: 0o600 });
      const running = executeRun({
        argv: selection?.argv ?? opts.command, env, traceDir, listFile, timeout: opts.timeout,
        cpuNoise: step.perturbation.cpuNoise, tests: tests ?? (allTests.length > 0 ? allTests : undefined), logFile, onSpawn: opts.onSpawn,
      });
      const r = index > 0 && opts.track ? await opts.track(index, running) : await running;
      record.exitCode = r.exitCode;
      record.signal = r.signal;
      record.durationMs += r.durationMs;
      record.usage = r.usage as unknown as Record<string, unknown>;
      if (r.killedForHang) record.killedForHang = true;
      if (r.notResumed.length > 0) record.notResumed = r.notResumed;
      if (r.interruptedBy !== null) {
        interruptedBy = r.interruptedBy;
        break;
      }
    }
  } finally {
    ended();
  }
  return { record, interruptedBy };
}
