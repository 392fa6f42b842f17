// Tolerant reader for <dir>/traces/<run>/<pid>.jsonl. Nothing in a trace folder makes it throw:
// torn lines, garbage files, newer versions and malformed events become warnings (lines.ts). Each
// run is read streaming and folded (read-run.ts); large folders read their runs in worker threads.
import path from 'node:path';
import type { FollowedRuns } from './follow.js';
import type { RunTrace } from './run-index.js';
import type { TraceWarning } from './lines.js';
import { listDir, readRunDir, type ReadOptions } from './read-run.js';
import { readRunsInWorkers, workersFor, type RunRead } from './workers.js';

export { MAX_LINE_WARNINGS_PER_FILE, type TraceWarning } from './lines.js';
export type { ProcessTrace, RunTrace } from './run-index.js';
export { parseTraceText, type ReadOptions } from './read-run.js';

export interface TraceSet {
  runs: RunTrace[];
  warnings: TraceWarning[];
  /** Trace files skipped because a newer shim wrote them (also in warnings); `check` refuses such folders. */
  newer: string[];
}

const RUN_DIR = /^\d+$/;

/** Reads run `index` under `<dir>/traces` alone (a run that has finished, while others may follow). */
export async function readRun(dir: string, index: number, opts: ReadOptions = {}): Promise<RunTrace> {
  return readRunDir(path.join(dir, 'traces'), String(index), opts, [], []);
}

/** Reads every run folder under `<dir>/traces`. A missing traces folder gives no runs and no warnings.
 *  `followed`: runs parsed while they ran (follow.ts); each is read here, from where that stopped. */
export async function readTraces(dir: string, opts: ReadOptions = {}, followed?: FollowedRuns): Promise<TraceSet> {
  const tracesDir = path.join(dir, 'traces');
  // Warnings keep folder order: a stray entry's warning sits between the runs listed around it.
  const slots: Array<TraceWarning | string> = [];
  for (const runEntry of await listDir(tracesDir)) {
    const runName = runEntry.name;
    if (!runEntry.isDirectory() || !RUN_DIR.test(runName)) slots.push({ where: path.join('traces', runName), message: 'not a run folder (expected a run number), ignored' });
    else slots.push(runName);
  }
  const runNames = slots.filter((s): s is string => typeof s === 'string');
  const unfollowed = runNames.filter((r) => followed?.has(r) !== true);
  const workers = await workersFor(tracesDir, unfollowed);
  const read = workers > 1 ? await readRunsInWorkers(tracesDir, unfollowed, opts, workers) : null;
  const set: TraceSet = { runs: [], warnings: [], newer: [] };
  for (const slot of slots) {
    if (typeof slot !== 'string') set.warnings.push(slot);
    else if (read === null || !read.has(slot)) {
      const heads = followed?.take(slot, opts.knownSecrets ?? []) ?? undefined;
      set.runs.push(await readRunDir(tracesDir, slot, opts, set.warnings, set.newer, heads));
    }
    else {
      const r = read.get(slot) as RunRead;
      set.runs.push(r.run);
      set.warnings.push(...r.warnings);
      set.newer.push(...r.newer);
    }
  }
  set.runs.sort((a, b) => a.index - b.index);
  return set;
}
