// Large trace folders are read one run per worker thread, as many at once as there are cores: each
// run's files are independent (process numbers are per run), and parsing JSON is most of the cost.
// Results come back by structured clone; the trails of test executions get their class back.
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunTrace } from './run-index.js';
import type { TraceWarning } from './lines.js';
import { listDir, type ReadOptions } from './read-run.js';
import { Trail } from './trail.js';

/** Below this many bytes of traces, starting workers (tens of ms each) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

export interface RunRead {
  run: RunTrace;
  warnings: TraceWarning[];
  newer: string[];
}

/** How many workers to read `runNames` with: 1 (read here) for small folders, a single run or one core. */
export async function workersFor(tracesDir: string, runNames: string[]): Promise<number> {
  const cores = availableParallelism();
  if (runNames.length < 2 || cores < 2) return 1;
  let bytes = 0;
  for (const runName of runNames) {
    for (const entry of await listDir(path.join(tracesDir, runName))) {
      bytes += await stat(path.join(tracesDir, runName, entry.name)).then((s) => s.size, () => 0);
    }
  }
  return bytes < PARALLEL_MIN_BYTES ? 1 : Math.min(cores, runNames.length);
}

/** A worker that reads the runs it is given one after another (reusing its warm code) until closed. */
class RunReader {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private pending: { resolve: (r: RunRead) => void; reject: (e: Error) => void } | null = null;

  constructor(tracesDir: string, opts: ReadOptions) {
    this.worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { tracesDir, opts } });
    this.worker.on('message', (r: RunRead) => {
      for (const p of r.run.processes) {
        if (!('attempts' in p)) continue;
        for (const a of p.attempts) Object.setPrototypeOf(a.trail, Trail.prototype);
      }
      this.settle((w) => w.resolve(r));
    });
    this.worker.once('error', (err) => this.fail(err));
    this.worker.once('exit', (code) => this.fail(new Error(`trace reader worker exited with code ${code}`)));
  }

  read(runName: string): Promise<RunRead> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(runName);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('trace reader worker closed');
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.settle((w) => w.reject(err));
  }

  private settle(how: (waiting: NonNullable<RunReader['pending']>) => void): void {
    const waiting = this.pending;
    this.pending = null;
    if (waiting) how(waiting);
  }
}

/** Reads each run in a worker, `workers` at a time (one worker per lane); results by run name. */
export async function readRunsInWorkers(tracesDir: string, runNames: string[], opts: ReadOptions, workers: number): Promise<Map<string, RunRead>> {
  const out = new Map<string, RunRead>();
  let next = 0;
  const lane = async (): Promise<void> => {
    const reader = new RunReader(tracesDir, opts);
    try {
      while (next < runNames.length) {
        const runName = runNames[next++] as string;
        out.set(runName, await reader.read(runName));
      }
    } finally {
      await reader.close();
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return out;
}
