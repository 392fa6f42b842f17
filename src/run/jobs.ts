// --jobs N: planned runs executed N at a time (never more than the CPU count), each with its own trace
// folder and its own temp folder, so parallel repetitions cannot see each other's files.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from '../fs/atomic.js';
import { buildChildEnv } from './env.js';
import type { RunRecord } from './manifest.js';
import type { PlannedRun } from './plan.js';
import { spawnCommand, type SpawnResult } from './spawn.js';

export interface ExecuteOptions {
  command: string[];
  shimDir: string;
  /** <out>/traces: run i writes into <tracesDir>/<i>. */
  tracesDir: string;
  /** Requested parallelism (--jobs). */
  jobs: number;
  /** Replaceable for tests; spawns the command. */
  spawn?: (argv: string[], env: NodeJS.ProcessEnv) => Promise<SpawnResult>;
  cpuCount?: number;
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

async function executeOne(planned: PlannedRun, opts: ExecuteOptions): Promise<{ record: RunRecord; interruptedBy: NodeJS.Signals | null }> {
  const traceDir = path.join(opts.tracesDir, String(planned.index));
  await ensurePrivateDir(traceDir);
  const tmp = await mkdtemp(path.join(tmpdir(), `flakescope-run-${planned.index}-`));
  try {
    const env = { ...buildChildEnv(process.env, { shimDir: opts.shimDir, traceDir, run: planned.index }), ...tempEnv(tmp) };
    const result = await (opts.spawn ?? spawnCommand)(opts.command, env);
    const record: RunRecord = { ...planned, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs };
    return { record, interruptedBy: result.interruptedBy };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function executeRuns(planned: readonly PlannedRun[], opts: ExecuteOptions): Promise<ExecuteResult> {
  const records: RunRecord[] = [];
  let interruptedBy: NodeJS.Signals | null = null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (interruptedBy === null && next < planned.length) {
      const run = planned[next++] as PlannedRun;
      const done = await executeOne(run, opts);
      records.push(done.record);
      interruptedBy ??= done.interruptedBy;
    }
  };
  const workers = effectiveJobs(opts.jobs, planned.length, opts.cpuCount);
  await Promise.all(Array.from({ length: workers }, worker));
  records.sort((a, b) => a.index - b.index);
  return { records, interruptedBy };
}
