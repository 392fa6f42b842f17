// Feeds the live progress bar during `flakescope run`: run i/N, tests finished (read from the traces as
// they grow), findings after each run. Does nothing when the bar is quiet (not a TTY, or --quiet).
import { createProgress, type Progress } from '../report/progress.js';
import type { FinishedRuns } from '../trace/finished-runs.js';
import type { RunFollower } from '../trace/follow.js';

export interface RunProgress extends Progress {
  /** The runs made so far, each read once (shared with the rerun planner). */
  readonly finished: FinishedRuns;
  /** Tests finished in the runs before the current one. */
  testsBefore: number;
  /** The run being tracked and its tests finished so far (a run may execute in several groups). */
  current: { index: number; tests: number };
}

export function startProgress(opts: { runs: number; quiet: boolean; finished: FinishedRuns }): RunProgress {
  return Object.assign(createProgress({ runs: opts.runs, quiet: opts.quiet }), { finished: opts.finished, testsBefore: 0, current: { index: -1, tests: 0 } });
}

/** Awaits one run (or one group of it) while the bar follows it. Finished tests come from the run's
 *  follower (trace/follow.ts), whose polls also parse the traces: one reader of the growing files. */
export async function trackRun<T>(progress: RunProgress, index: number, follower: Promise<RunFollower> | undefined, running: Promise<T>): Promise<T> {
  if (!progress.live) return running;
  if (progress.current.index !== index) {
    progress.testsBefore += progress.current.tests;
    progress.current = { index, tests: 0 };
  }
  progress.runStarted(index);
  const show = (n: number): void => {
    progress.current.tests = n;
    progress.testsDone(progress.testsBefore + n);
  };
  void follower?.then((f) => { f.onPoll = show; });
  try {
    return await running;
  } finally {
    const f = await follower;
    if (f) {
      f.poll();
      f.onPoll = null;
    }
    // Loaded for a live bar only, once a run is over: reading it and the analyses are not needed to start the child.
    const [{ readRun }, { indexRun }, { analyse }] = await Promise.all([import('../trace/read.js'), import('../trace/run-index.js'), import('../check/index.js')]);
    // Runs before this one are finished (read once, cached); this one may still have processes to come.
    const earlier = await progress.finished.get(Array.from({ length: index }, (_, i) => i));
    const runs = [...earlier, await readRun(progress.finished.dir, index)];
    progress.findings(analyse(runs.map((r) => indexRun(r))).length);
    progress.runFinished(index);
  }
}
