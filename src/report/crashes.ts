// Tests that started but never ended in their process: that process died inside them (SIGKILL,
// os._exit, a segfault). They count as `crashed`, and the report says what ended the command.
import type { IndexedRun } from '../trace/run-index.js';
import type { ReportWarning, RunSummary } from './model.js';

export interface Unfinished {
  test: string;
  /** Index of the process (in the run's trace files) the test was running in. */
  proc: number;
}

/** Every test-start without a matching test-end in the same process, in start order. */
export function unfinishedTests(run: IndexedRun): Unfinished[] {
  const open = new Map<string, Unfinished[]>();
  for (const e of run.events) {
    if (e.ev !== 'test-start' && e.ev !== 'test-end') continue;
    const key = `${e.proc}|${e.test}`;
    const list = open.get(key) ?? [];
    if (e.ev === 'test-start') list.push({ test: e.test, proc: e.proc });
    else list.pop();
    open.set(key, list);
  }
  return [...open.values()].flat();
}

/** The command's own process: its parent is not another traced process of the run (workers and subprocesses are). */
function isCommandProcess(run: IndexedRun, proc: number): boolean {
  const header = run.processes[proc]?.header;
  return header !== undefined && !run.processes.some((p) => p.header.pid === header.ppid);
}

function howItEnded(run: IndexedRun, proc: number, summary: RunSummary | undefined): string {
  const pid = run.processes[proc]?.header.pid;
  if (!isCommandProcess(run, proc)) return `its process (pid ${pid ?? '?'}, a worker or subprocess) died`;
  if (summary?.signal) return `the command was killed by ${summary.signal}`;
  if (summary && summary.exitCode !== null) return `the command's process exited (code ${summary.exitCode})`;
  return 'its process died';
}

/** One warning per crashed test, naming the signal or exit code of the run. */
export function crashWarnings(runs: RunSummary[], traces: IndexedRun[]): ReportWarning[] {
  return traces.flatMap((trace) => {
    const summary = runs.find((r) => r.index === trace.index);
    return unfinishedTests(trace).map(({ test, proc }) => ({
      where: trace.processes[proc]?.file ?? `run ${trace.index}`,
      message: `test ${test} never finished: ${howItEnded(trace, proc, summary)} while it ran; counted as crashed`,
    }));
  });
}
