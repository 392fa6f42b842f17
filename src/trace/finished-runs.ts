// Runs that have finished never change: the rerun planner and the progress bar ask for all runs so far
// after every run, and each run's traces are read and parsed once instead of once per asking.
import type { RunTrace } from './read.js';

export class FinishedRuns {
  private readonly byIndex = new Map<number, RunTrace>();

  /** `dir`: the output folder holding traces/. */
  constructor(readonly dir: string) {}

  /** The traces of runs `indexes` (each finished), in that order. */
  async get(indexes: readonly number[]): Promise<RunTrace[]> {
    const runs: RunTrace[] = [];
    for (const index of indexes) {
      let run = this.byIndex.get(index);
      // read.js loaded when a run is first asked for: `flakescope run` makes one before its child starts.
      if (run === undefined) this.byIndex.set(index, (run = await (await import('./read.js')).readRun(this.dir, index)));
      runs.push(run);
    }
    return runs;
  }
}
