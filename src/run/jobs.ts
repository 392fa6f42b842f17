// --jobs N: planned runs executed N at a time (never more than the CPU count), each with its own trace
// folder and its own temp folder, so parallel repetitions cannot see each other's files.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from '../fs/atomic.js';
import { buildChildEnv } from './env.js';
import { executeRun, type ExecuteOptions as RunOptions, type ExecuteResult as RunResult } from './execute.js';
import type { RunRecord } from './manifest.js';
import type { PlannedRun } from './plan.js';

export interface ExecuteOptions {
  command: string[];
  shimDir: string;
  /** <out>/traces: run i writes into <tracesDir>/<i>. */
  tracesDir: string;
  /** Requested parallelism (--jobs). */
  jobs: number;
  timeout?: number;
  /** Where run i writes its output (<logsDir>/<i>.log) when it must not share the terminal. */
  logsDir?: string;
  /** Told each run's child environment (e.g. to learn the secrets it carries). */
  onEnv?: (env: NodeJS.ProcessEnv) => void;
  /** Replaceable for tests; executes one run. */
  execute?: (opts: RunOptions) => Promise<Pick<RunResult, 'exitCode' | 'signal' | 'durationMs' | 'interruptedBy'> & Partial<RunResult>>;
  cpuCount?: number;
  /** Called once each child process has started (the orchestrator is then free to load what it needs after the run). */
  onSpawn?: () => void;
}

export interface ExecuteResult {
  /** One record per run that was made, by index. */
  records: RunRecord[];
  /** Set when flakescope was interrupted; runs not yet started were skipped. */
  interruptedBy: NodeJS.Signals | null;
}

/** Parallelism actually used: at least 1, at most the CPU count and the number of runs. */
export function effectiveJobs(requested: number, runCount: number, cpuCount = availableParallelism()): number {
  return Math.max(1, Math.min(Math.floor(requested), cpuCount, runCount));
}

/** The child's temp folder variables (tempfile.gettempdir() reads TMPDIR first; TEMP/TMP for portability). */
const tempEnv = (dir: string): NodeJS.ProcessEnv => ({ TMPDIR: dir, TEMP: dir, TMP: dir });

async function executeOne(planned: PlannedRun, opts: ExecuteOptions, parallel: boolean): Promise<{ record: RunRecord; interruptedBy: NodeJS.Signals | null }> {
  const traceDir = path.join(opts.tracesDir, String(planned.index));
  await ensurePrivateDir(traceDir);
  const tmp = await mkdtemp(path.join(tmpdir(), `flakescope-run-${planned.index}-`));
  try {
    const env = {
      ...buildChildEnv(process.env, { shimDir: opts.shimDir, traceDir, run: planned.index, perturbation: planned.perturbation, timeout: opts.timeout }),
      ...tempEnv(tmp),
    };
    opts.onEnv?.(env);
    // Parallel runs would interleave on the terminal: each gets a log file instead.
    let logFile: string | undefined;
    if (parallel && opts.logsDir !== undefined) {
      await ensurePrivateDir(opts.logsDir);
      logFile = path.join(opts.logsDir, `${planned.index}.log`);
    }
    const r = await (opts.execute ?? executeRun)({
      argv: opts.command, env, traceDir, listFile: path.join(tmp, 'selection.txt'), timeout: opts.timeout,
      cpuNoise: planned.perturbation.cpuNoise, logFile, onSpawn: opts.onSpawn,
    });
    const record: RunRecord = { ...planned, perturbation: { ...planned.perturbation }, exitCode: r.exitCode, signal: r.signal, durationMs: r.durationMs };
    if (r.usage) record.usage = r.usage as unknown as Record<string, unknown>;
    if (r.killedForHang) record.killedForHang = true;
    return { record, interruptedBy: r.interruptedBy };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function executeRuns(planned: readonly PlannedRun[], opts: ExecuteOptions): Promise<ExecuteResult> {
  const records: RunRecord[] = [];
  let interruptedBy: NodeJS.Signals | null = null;
  let next = 0;
  const workers = effectiveJobs(opts.jobs, planned.length, opts.cpuCount);
  const worker = async (): Promise<void> => {
    while (interruptedBy === null && next < planned.length) {
      const run = planned[next++] as PlannedRun;
      const done = await executeOne(run, opts, workers > 1);
      records.push(done.record);
      interruptedBy ??= done.interruptedBy;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  records.sort((a, b) => a.index - b.index);
  return { records, interruptedBy };
}
