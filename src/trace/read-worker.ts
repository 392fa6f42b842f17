// Worker thread entry (workers.ts): reads each run folder it is sent and posts what it read. One
// worker reads a lane's runs in turn, so the second and later runs find the code warm.
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceWarning } from './lines.js';
import { readRunDir, type ReadOptions } from './read-run.js';

const { tracesDir, opts } = workerData as { tracesDir: string; opts: ReadOptions };
parentPort?.on('message', (runName: string) => {
  const warnings: TraceWarning[] = [];
  const newer: string[] = [];
  void readRunDir(tracesDir, runName, opts, warnings, newer).then((run) => parentPort?.postMessage({ run, warnings, newer }));
});
