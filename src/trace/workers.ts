// Large trace folders are read one run per worker thread, as many at once as there are cores: each
// run's files are independent (process numbers are per run), and parsing JSON is most of the cost.
// Results come back by structured clone; the trails of test executions get their class back.
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunTrace } from './index.js';
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

function readInWorker(tracesDir: string, runName: string, opts: ReadOptions): Promise<RunRead> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { tracesDir, runName, opts } });
    worker.once('message', (r: RunRead) => {
      for (const p of r.run.processes) {
        if (!('attempts' in p)) continue;
        for (const a of p.attempts) Object.setPrototypeOf(a.trail, Trail.prototype);
      }
      resolve(r);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`trace reader worker for run ${runName} exited with code ${code}`))));
  });
}

/** Reads each run in a worker, `workers` at a time; results by run name. */
export async function readRunsInWorkers(tracesDir: string, runNames: string[], opts: ReadOptions, workers: number): Promise<Map<string, RunRead>> {
  const out = new Map<string, RunRead>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < runNames.length) {
      const runName = runNames[next++] as string;
      out.set(runName, await readInWorker(tracesDir, runName, opts));
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return out;
}
