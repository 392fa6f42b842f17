// flakescope watch [options] -- <command...>: one traced run, then a traced rerun whenever a *.py file
// under the current folder changes (only the affected tests when the runner allows), each followed by
// what changed in verdicts and findings. SIGINT/SIGTERM/SIGHUP stop it, and any run in progress, with exit 0:
// stopping is the only way a watch ends, so it is not a failure.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { UsageError } from '../errors.js';
import { EXIT_OK, failureReasons, type FailOn } from '../report/exit-code.js';
import type { Report } from '../report/model.js';
import { selectTests } from '../run/select.js';
import { planRerun, type Rerun } from '../watch/affected.js';
import { ChangeBatcher } from '../watch/debounce.js';
import { diffStates, EMPTY_STATE, isNoChange, mergeStates, stateOf, stateReport, type WatchState } from '../watch/diff.js';
import { isPythonFile, watchIgnored } from '../watch/ignore.js';
import { listenForStop, type Stopper } from '../watch/stop.js';
import { summaryLines } from '../watch/summary.js';
import { runCommand, type RunArgs } from './run.js';

/** The run flags watch passes to each run; `failOn` decides only the printed status (watch itself
 *  exits 0 when stopped). */
export type WatchArgs = Pick<RunArgs, 'out' | 'failOn' | 'quiet' | 'ignore' | 'command' | 'formats' | 'timeout'>;

/** The --load-list file of a narrowed testtools/stestr rerun, beside report.json. */
const SELECTION_FILE = 'watch-selection.txt';

const say = (line: string): void => { process.stdout.write(`flakescope watch: ${line}\n`); };

function statusLine(report: Report, failOn: FailOn): string {
  const reasons = failureReasons(report, failOn);
  const gate = failOn === 'never' ? '--fail-on never' : `nothing at or above --fail-on ${failOn}`;
  return reasons.length > 0 ? `status: exit 1 (${reasons.join('; ')})` : `status: exit 0 (${gate})`;
}

/** One traced run of the whole command or its narrowed form; null when a stop signal ended it. */
async function tracedRun(args: WatchArgs, argv: string[], stopper: Stopper): Promise<Report | null> {
  const outDir = path.resolve(args.out);
  // The gate is applied to the whole watch state below, so run's own "exit 1: ..." line is not printed.
  // No reproducers: replaying a hang ten times would hold up the next save's feedback.
  await stopper.during(runCommand({
    out: args.out, failOn: 'never', quiet: args.quiet, command: argv, ignore: args.ignore ?? [], noRepro: true,
    ...(args.formats ? { formats: args.formats } : {}), ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
  }));
  if (stopper.signal() !== null) return null;
  return JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as Report;
}

/** The argv for a rerun: the command narrowed to the affected tests, or whole. */
async function rerunArgv(args: WatchArgs, plan: Rerun): Promise<string[]> {
  if (plan.tests === null) return args.command;
  const listFile = path.resolve(args.out, SELECTION_FILE);
  const selection = selectTests(args.command, plan.tests, listFile);
  if (selection === null) return args.command;
  if (selection.listText !== undefined) await writeFile(listFile, selection.listText, { mode: 0o600 });
  return selection.argv;
}

export async function watchCommand(args: WatchArgs): Promise<number> {
  if (args.command.length === 0 || args.command[0] === '') {
    throw new UsageError('no command given: put the test command after --, e.g. flakescope watch -- python3 -m pytest');
  }
  if (args.out.trim() === '') throw new UsageError('--out is empty: give an output folder, e.g. --out .flakescope');
  if (args.timeout !== undefined && !(args.timeout > 0)) throw new UsageError('--timeout: give the per-test limit in seconds, > 0');
  const cwd = process.cwd();
  const stopper = listenForStop();
  const batcher = new ChangeBatcher();
  const watcher = chokidarWatch(cwd, { ignored: watchIgnored(path.resolve(args.out)), ignoreInitial: true });
  watcher.on('add', (f) => { if (isPythonFile(f)) batcher.add(f, 'changed'); });
  watcher.on('change', (f) => { if (isPythonFile(f)) batcher.add(f, 'changed'); });
  watcher.on('unlink', (f) => { if (isPythonFile(f)) batcher.add(f, 'deleted'); });
  watcher.on('error', (err) => { process.stderr.write(`flakescope watch: file watching failed: ${(err as Error).message}\n`); });
  try {
    // Watching starts before the first run, so an edit made while it runs is not lost.
    await Promise.race([new Promise<void>((resolve) => watcher.once('ready', () => resolve())), stopper.stopped]);
    let state: WatchState = EMPTY_STATE;
    let plan: Rerun = { tests: null, reason: 'first run' };
    for (let first = true; stopper.signal() === null; first = false) {
      const report = await tracedRun(args, await rerunArgv(args, plan), stopper);
      if (report === null) break;
      const next = stateOf(report);
      const covered = plan.tests === null ? null : plan.covered;
      if (first) say(`first run: ${next.tests.size} test(s), ${next.findings.size} finding(s)`);
      else {
        const diff = diffStates(state, next, covered);
        say(isNoChange(diff) ? 'no change since the last run' : 'changes since the last run:');
        if (!isNoChange(diff)) for (const line of summaryLines(diff)) process.stdout.write(`  ${line}\n`);
      }
      state = mergeStates(state, next, covered);
      say(statusLine(stateReport(report, state), args.failOn));
      say(`watching *.py under ${cwd} (Ctrl-C to stop)`);
      const changes = await Promise.race([batcher.next(), stopper.stopped.then(() => null)]);
      if (changes === null) break;
      say(`changed: ${changes.map((c) => `${path.relative(cwd, c.file)}${c.kind === 'deleted' ? ' (deleted)' : ''}`).join(', ')}`);
      plan = planRerun(args.command, cwd, [...state.tests.keys()], changes);
      say(plan.reason);
    }
  } finally {
    batcher.close();
    await watcher.close();
    stopper.dispose();
  }
  say(`stopped by ${stopper.signal() ?? 'request'}; nothing left running`);
  return EXIT_OK;
}
