// Feeds the live progress bar during `flakescope run`: run i/N, tests finished (read from the traces as
// they grow), findings after each run. Does nothing when the bar is quiet (not a TTY, or --quiet).
import { createProgress, type Progress } from '../report/progress.js';
import type { FinishedRuns } from '../trace/finished-runs.js';

/** How often the traces are polled for finished tests: a live feel at the bar's own redraw rate. */
const POLL_MS = 200;

export interface RunProgress extends Progress {
  /** The runs made so far, each read once (shared with the rerun planner). */
  readonly finished: FinishedRuns;
  /** Tests finished in the runs before the current one. */
  testsBefore: number;
}

export function startProgress(opts: { runs: number; quiet: boolean; finished: FinishedRuns }): RunProgress {
  return Object.assign(createProgress({ runs: opts.runs, quiet: opts.quiet }), { finished: opts.finished, testsBefore: 0 });
}

/** Awaits one run while the bar follows it. */
export async function trackRun<T>(progress: RunProgress, index: number, traceDir: string, running: Promise<T>): Promise<T> {
  if (!progress.live) return running;
  progress.runStarted(index);
  // Loaded for a live bar only, and after the child started.
  const [{ TestEndCounter }, { readRun }, { indexRun }] = await Promise.all([import('../trace/tail.js'), import('../trace/read.js'), import('../trace/run-index.js')]);
  const counter = new TestEndCounter(traceDir);
  let polling = Promise.resolve();
  const update = async (): Promise<void> => { progress.testsDone(progress.testsBefore + (await counter.poll())); };
  const timer = setInterval(() => { polling = polling.then(update, update); }, POLL_MS);
  try {
    return await running;
  } finally {
    clearInterval(timer);
    await polling.catch(() => undefined);
    const done = await counter.poll().catch(() => 0);
    progress.testsBefore += done;
    progress.testsDone(progress.testsBefore);
    // Runs before this one are finished (read once, cached); this one may still have processes to come.
    const earlier = await progress.finished.get(Array.from({ length: index }, (_, i) => i));
    const runs = [...earlier, await readRun(progress.finished.dir, index)];
    // Loaded here, once a run is over: the analyses are not needed to start the child.
    const { analyse } = await import('../check/index.js');
    progress.findings(analyse(runs.map((r) => indexRun(r))).length);
    progress.runFinished(index);
  }
}
