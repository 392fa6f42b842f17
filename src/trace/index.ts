// One run's events from all its processes, merged into one time-ordered stream and indexed by test.
import type { TraceEvent } from './schema.js';
import type { ProcessTrace, RunTrace } from './read.js';

/** An event tagged with the process it came from (ids such as patch "p7" are unique per process only). */
export type RunEvent = TraceEvent & { proc: number };

export interface IndexedRun {
  index: number;
  processes: ProcessTrace[];
  /** All events of the run, sorted by monotonic time; ties keep file order. */
  events: RunEvent[];
  /** Events that carry a test id, by test. */
  byTest: Map<string, RunEvent[]>;
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

export function indexRun(run: RunTrace, meta?: RunMeta): IndexedRun {
  const events: RunEvent[] = [];
  run.processes.forEach((p, proc) => {
    for (const e of p.events) events.push({ ...e, proc });
  });
  // Array.prototype.sort is stable, so events with equal t keep their order within a file.
  events.sort((a, b) => a.t - b.t);
  const byTest = new Map<string, RunEvent[]>();
  for (const e of events) {
    if (typeof e.test !== 'string') continue;
    const list = byTest.get(e.test);
    if (list) list.push(e);
    else byTest.set(e.test, [e]);
  }
  return { index: run.index, processes: run.processes, events, byTest, ...(meta ? { meta } : {}) };
}
