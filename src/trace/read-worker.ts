// Worker thread entry (workers.ts): reads one run folder and posts what it read.
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceWarning } from './lines.js';
import { readRunDir, type ReadOptions } from './read-run.js';

const { tracesDir, runName, opts } = workerData as { tracesDir: string; runName: string; opts: ReadOptions };
const warnings: TraceWarning[] = [];
const newer: string[] = [];
const run = await readRunDir(tracesDir, runName, opts, warnings, newer);
parentPort?.postMessage({ run, warnings, newer });
