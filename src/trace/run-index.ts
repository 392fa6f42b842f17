// One run's processes, folded (trace/fold.ts) and merged: the events kept one by one form one
// time-ordered stream; test executions, sleeps and folded patches stay per process.
import type { HeaderEvent, TraceEvent } from './schema.js';
import { compareOrder, ProcessFold, type FoldedProcess, type Order, type RunEvent } from './fold.js';

export type { RunEvent } from './fold.js';

/** A process as read whole (tests build these by hand), before folding. */
export interface ProcessTrace {
  /** Path of the trace file, relative to the folder given to readTraces. */
  file: string;
  header: HeaderEvent;
  events: TraceEvent[];
}

export interface RunTrace {
  index: number;
  processes: Array<FoldedProcess | ProcessTrace>;
}

export interface IndexedRun {
  index: number;
  processes: Array<{ file: string; header: HeaderEvent }>;
  /** The events kept one by one (all but folded sleeps and patches), sorted by monotonic time; ties keep process then file order. */
  events: RunEvent[];
  /** Where each of `events` sits, to compare with the folded data's places. */
  order: Order[];
  /** Per process: test executions, sleeps per site, folded patches. */
  folds: FoldedProcess[];
  /** What the orchestrator knows about the run and the trace cannot say (from run.json), when known. */
  meta?: RunMeta;
}

export interface RunMeta {
  /** Orchestrator-side perturbations (cpu-noise, isolate...), merged over the shim's header echo. */
  perturbation: Record<string, unknown>;
  /** Signal that ended the command, e.g. "SIGKILL". */
  signal: string | null;
  exitCode: number | null;
  /** Set when flakescope killed the tree because a test outlived the hang limit. */
  killedForHang?: boolean;
}

/** Folds a process read whole: its events in time order (a stable sort keeps file order for ties). */
export function foldWhole(p: ProcessTrace, proc: number): FoldedProcess {
  const fold = new ProcessFold(proc, p.file, p.header);
  for (const e of [...p.events].sort((a, b) => a.t - b.t)) fold.add(e);
  return fold.finish();
}

/** Merges per-process time-ordered lists into one, by time, then process, then rank. */
export function mergeByOrder(folds: FoldedProcess[], pick: (f: FoldedProcess) => { events: RunEvent[]; ns: number[] }): { events: RunEvent[]; order: Order[] } {
  // One process (most runs): its list is already in that order, so nothing is wrapped and sorted.
  if (folds.length === 1) {
    const { events, ns } = pick(folds[0] as FoldedProcess);
    const order = events.map((e, i): Order => ({ t: e.t, proc: 0, n: ns[i] as number }));
    if (order.every((at, i) => i === 0 || compareOrder(order[i - 1] as Order, at) <= 0)) return { events: [...events], order };
  }
  const all: Array<{ e: RunEvent; at: Order }> = [];
  folds.forEach((f, proc) => {
    const { events, ns } = pick(f);
    events.forEach((e, i) => all.push({ e, at: { t: e.t, proc, n: ns[i] as number } }));
  });
  all.sort((a, b) => compareOrder(a.at, b.at));
  return { events: all.map((x) => x.e), order: all.map((x) => x.at) };
}

const isWhole = (p: FoldedProcess | ProcessTrace): p is ProcessTrace => Array.isArray((p as ProcessTrace).events);

export function indexRun(run: RunTrace, meta?: RunMeta): IndexedRun {
  const folds = run.processes.map((p, proc) => (isWhole(p) ? foldWhole(p, proc) : p));
  const { events, order } = mergeByOrder(folds, (f) => ({ events: f.kept, ns: f.keptN }));
  return { index: run.index, processes: folds.map(({ file, header }) => ({ file, header })), events, order, folds, ...(meta ? { meta } : {}) };
}

/** Folded events of the run left out of detailedEvents (beyond DETAIL_CAP in some process). */
export const undrawnEvents = (run: IndexedRun): number => run.folds.reduce((n, f) => n + f.aggregated - f.detail.length, 0);

/** Kept and sampled folded events together, in time order: what a renderer drawing each event gets
 *  (the folded ones capped at DETAIL_CAP per process). */
export function detailedEvents(run: IndexedRun): RunEvent[] {
  return mergeByOrder(run.folds, (f) => ({ events: [...f.kept, ...f.detail], ns: [...f.keptN, ...f.detailN] })).events;
}
