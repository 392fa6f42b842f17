#!/usr/bin/env node
// flakescope command line. Each subcommand lazy-imports its module so --help stays fast; a plain
// `run` command line is parsed without loading yargs (cli-plain-argv.ts), so the child starts sooner.
import type { Argv, InferredOptionTypes } from 'yargs';
import { common, FAIL_ON_OPTION, FORMAT_OPTION, HISTORY_OPTION, IGNORE_OPTION, RUN_CONFIG_KEYS, RUN_FLAGS, runOptions, TIMEOUT_OPTION } from './cli-options.js';
import { parsePlainArgv } from './cli-plain-argv.js';
import { ToolError, UsageError } from './errors.js';
import { FAIL_ON_LEVELS, type FailOn } from './report/exit-code.js';
import { FORMAT_NAMES } from './report/format-names.js';
import { formatsForGate, parseFormatList } from './report/format-list.js';
import { configFor, loadProjectConfig } from './run/config.js';

const EXIT_USAGE = 2;
const EXIT_TOOL = 3;

/** The history store named by --history (or the config), loaded only when a command records or reads history. */
async function historyOf(value: string | boolean | undefined) {
  const { historyTarget } = await import('./history/target.js');
  return historyTarget(value, process.cwd());
}

/** Arguments after `--`: the user's command, passed through untouched. */
function commandAfterDashes(argv: Record<string, unknown>): string[] {
  const rest = argv['--'];
  return Array.isArray(rest) ? rest.map(String) : [];
}

/** A count flag (--runs, --jobs): a whole number >= 1, or absent. */
function positiveInt(flag: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} ${value}: expected a whole number >= 1`);
  return value;
}

/** What the run handler reads, from yargs or from the plain parser alike. */
type RunArgv = InferredOptionTypes<typeof RUN_FLAGS> & { '--'?: unknown };

async function runHandler(argv: RunArgv): Promise<void> {
  const [{ runCommand }, history] = await Promise.all([import('./commands/run.js'), historyOf(argv.history)]);
  process.exitCode = await runCommand({
    out: argv.out, failOn: argv['fail-on'], quiet: argv.quiet, verbose: argv.verbose, command: commandAfterDashes(argv), ...formatsForGate(argv.format),
    runs: argv.runs, maxRuns: argv['max-runs'], budget: argv.budget, perturb: argv.perturb, timeout: argv.timeout, seed: argv.seed, ignore: argv.ignore,
    jobs: positiveInt('jobs', argv.jobs), shard: argv.shard, noRepro: !argv.repro, history, ...(argv['new-tests'] !== undefined ? { newTests: argv['new-tests'] } : {}),
  });
  await exitOnceFlushed();
}

/** Ends a finished `run` once its output has reached stdout and stderr. Left to end by itself, Node first
 *  frees, object by object, the heap that held the run's traces and report: time the user waits for nothing. */
async function exitOnceFlushed(): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => { stream.write('', () => resolve()); });
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

/** The project config's settings for `run`; a bad config file is a usage error before anything runs. */
const runConfig = () => configFor(loadProjectConfig(process.cwd()), RUN_CONFIG_KEYS);

/** yargs, loaded only when a command line needs it: it costs about as much as starting Node. */
async function loadYargs() {
  return (await import('yargs')).default;
}

/**
 * `flakescope run ...`: a plain command line goes straight to the handler; anything else is parsed by a
 * yargs instance that knows only run's options. Through .command(), yargs renders and caches the whole
 * help text (cliui and string-width: tens of ms) while the handler awaits its first import, so before
 * the child can start; here `run --help` still prints run's own help.
 */
async function runOnly(args: string[]): Promise<void> {
  const config = runConfig();
  const plain = parsePlainArgv(args, RUN_FLAGS, config);
  if (plain !== null) return runHandler(plain);
  const yargs = await loadYargs();
  await runHandler(await runOptions(common(yargs(args)), config).parseAsync());
}

async function main(): Promise<void> {
  // What yargs' hideBin does under Node, without loading yargs.
  const args = process.argv.slice(2);
  if (args[0] === 'run') return runOnly(args.slice(1));
  const yargs = await loadYargs();
  await common(yargs(args))
    .usage('$0 <command> [options]\n\nRuns Python tests under tracing and explains their flakiness with evidence.')
    .command('run', 'run a test command once under tracing: flakescope run [options] -- <command...>', (y: Argv) => runOptions(y, runConfig()), runHandler)
    .command(
      'check [dir]',
      're-analyse the traces in DIR and rewrite its report.json',
      (y) =>
        y
          .positional('dir', { type: 'string', describe: 'an output folder written by flakescope run (its --out)' })
          .option('fail-on', FAIL_ON_OPTION)
          .option('quiet', { type: 'boolean', default: false, describe: 'no terminal summary (report.json is still written)' })
          .option('verbose', { type: 'boolean', default: false, describe: "print each finding's full message under its one-line summary" })
          .option('format', FORMAT_OPTION)
          .option('ignore', IGNORE_OPTION)
          .option('history', HISTORY_OPTION)
          .config(configFor(loadProjectConfig(process.cwd()), ['fail-on', 'quiet', 'format', 'ignore', 'history'])),
      async (argv) => {
        if (argv.dir === undefined) throw new UsageError('give the folder to check: flakescope check DIR (the --out of an earlier run)');
        const { checkCommand } = await import('./commands/check.js');
        process.exitCode = await checkCommand({ dir: argv.dir, failOn: argv['fail-on'], quiet: argv.quiet, verbose: argv.verbose, ignore: argv.ignore, ...formatsForGate(argv.format), history: await historyOf(argv.history) });
      },
    )
    .command(
      'report [dir]',
      'regenerate report files from the saved traces in DIR: flakescope report DIR --format html,junit',
      (y) =>
        y
          .positional('dir', { type: 'string', describe: 'an output folder written by flakescope run (its --out)' })
          .option('format', { ...FORMAT_OPTION, describe: `formats to write, comma-separated: ${FORMAT_NAMES.join(',')}` }),
      async (argv) => {
        if (argv.dir === undefined) throw new UsageError('give the folder: flakescope report DIR --format html (the --out of an earlier run)');
        if (argv.format === undefined) throw new UsageError(`give the formats to write: flakescope report ${argv.dir} --format ${FORMAT_NAMES.join(',')}`);
        const { reportCommand } = await import('./commands/report.js');
        process.exitCode = await reportCommand({ dir: argv.dir, formats: parseFormatList(argv.format) });
      },
    )
    .command(
      'repro [dir] [finding]',
      'replay the reproducer of a finding under tracing: flakescope repro DIR FINDING_ID [--runs N]',
      (y) =>
        y
          .positional('dir', { type: 'string', describe: 'an output folder written by flakescope run (its --out)' })
          .positional('finding', { type: 'string', describe: 'the finding id (report.json findings[].id)' })
          .option('runs', { type: 'number', requiresArg: true, describe: 'replays (default 10)' })
          .example('$0 repro .flakescope timing-sensitive:8fd44ec7e041', 'exit 0 when it failed in at least 90% of the replays'),
      async (argv) => {
        if (argv.dir === undefined || argv.finding === undefined) throw new UsageError('give the folder and the finding: flakescope repro DIR FINDING_ID (ids are in DIR/report.json)');
        const { reproCommand } = await import('./commands/repro.js');
        process.exitCode = await reproCommand({ dir: argv.dir, finding: argv.finding, ...(argv.runs !== undefined ? { runs: argv.runs } : {}) });
      },
    )
    .command(
      'fix [dir]',
      'propose a verified patch for each fixable finding: flakescope fix DIR [--apply] [--kinds LIST] [--runs N]',
      (y) =>
        y
          .positional('dir', { type: 'string', describe: 'an output folder written by flakescope run (its --out)' })
          .option('apply', { type: 'boolean', default: false, describe: 'write the verified fixes into the project, as one change' })
          .option('kinds', { type: 'string', array: true, requiresArg: true, describe: 'finding kinds to fix, comma-separated (default: all)' })
          .option('runs', { type: 'number', requiresArg: true, describe: 'replays of what exposed each finding, all of which must be clean (default 20)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines on stderr' })
          .example('$0 fix .flakescope --apply', 'fix and apply what verifies'),
      async (argv) => {
        if (argv.dir === undefined) throw new UsageError('give the folder: flakescope fix DIR (the --out of an earlier run)');
        const { fixCommand } = await import('./commands/fix.js');
        process.exitCode = await fixCommand({ dir: argv.dir, apply: argv.apply, quiet: argv.quiet, ...(argv.kinds !== undefined ? { kinds: argv.kinds } : {}), ...(argv.runs !== undefined ? { runs: argv.runs } : {}) });
      },
    )
    .command(
      'merge <dirs..>',
      'combine the --out folders of sharded runs (--shard K/N) into one report',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, describe: 'the --out folders of the shards' })
          .option('out', { type: 'string', demandOption: true, requiresArg: true, describe: 'folder for the merged traces and report' })
          .option('fail-on', FAIL_ON_OPTION)
          .option('quiet', { type: 'boolean', default: false, describe: 'no terminal summary (report.json is still written)' })
          .option('history', HISTORY_OPTION)
          .config(configFor(loadProjectConfig(process.cwd()), ['fail-on', 'quiet', 'history']))
          .example('$0 merge --out merged shard-1 shard-2', 'one report from two CI machines'),
      async (argv) => {
        const { mergeCommand } = await import('./commands/merge.js');
        process.exitCode = await mergeCommand({ out: argv.out, inputs: (argv.dirs ?? []).map(String), failOn: argv['fail-on'], quiet: argv.quiet, history: await historyOf(argv.history) });
      },
    )
    .command(
      'import <kind> [files..]',
      'record existing CI results in the history: flakescope import junit FILE... [--commit SHA] [--branch NAME]',
      (y) =>
        y
          .positional('kind', { choices: ['junit'] as const, describe: 'what the files are' })
          .positional('files', { type: 'string', array: true, describe: 'JUnit XML files, or folders to search for *.xml' })
          .option('commit', { type: 'string', requiresArg: true, describe: "the commit the results are of (default: git's HEAD)" })
          .option('branch', { type: 'string', requiresArg: true, describe: 'its branch' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no summary line' })
          .option('history', HISTORY_OPTION)
          .config(configFor(loadProjectConfig(process.cwd()), ['quiet', 'history']))
          .example('$0 import junit build/test-results/ --commit 3f2c1ab', 'plain JUnit, pytest-rerunfailures, Maven Surefire reruns, flakescope junit.xml'),
      async (argv) => {
        const history = await historyOf(argv.history);
        if (history === null) throw new UsageError('--history off: import needs a store to import into');
        const { importCommand } = await import('./commands/import.js');
        process.exitCode = await importCommand({
          files: (argv.files ?? []).map(String), history, quiet: argv.quiet,
          ...(argv.commit !== undefined ? { commit: argv.commit } : {}), ...(argv.branch !== undefined ? { branch: argv.branch } : {}),
        });
      },
    )
    .command(
      'history',
      'rank the tests of the recorded history by flake rate, with when they became flaky and the findings that explain them',
      (y) =>
        y
          .option('format', { choices: ['terminal', 'json', 'md', 'html'] as const, default: 'terminal' as const, describe: 'output format' })
          .option('since', { type: 'string', requiresArg: true, describe: 'only history since this date (2026-01-31) or age (30d, 12h, 2w)' })
          .option('test', { type: 'string', array: true, requiresArg: true, describe: 'only tests whose id matches this glob (repeatable)' })
          .option('sort', { choices: ['flake-rate', 'cost'] as const, default: 'flake-rate' as const, describe: 'rank by flake rate or by the time and reruns failures cost' })
          .option('output', { type: 'string', requiresArg: true, describe: 'write to this file instead of stdout' })
          .option('suggest-rate', { type: 'number', requiresArg: true, describe: 'suggest quarantining tests flakier than this (default 0.05)' })
          .option('suggest-min-runs', { type: 'number', requiresArg: true, describe: '...over at least this many runs (default 10)' })
          .option('history', HISTORY_OPTION)
          .config(configFor(loadProjectConfig(process.cwd()), ['history']))
          .example('$0 history --since 30d --format html --output history.html', 'per-test trends of the last 30 days'),
      async (argv) => {
        const history = await historyOf(argv.history);
        if (history === null) throw new UsageError('--history off: give the store to read (a postgres:// URL or a SQLite file)');
        const { historyCommand } = await import('./commands/history.js');
        process.exitCode = await historyCommand({
          history, format: argv.format, sort: argv.sort,
          ...(argv.since !== undefined ? { since: argv.since } : {}), ...(argv.test !== undefined ? { test: argv.test } : {}),
          ...(argv.output !== undefined ? { output: argv.output } : {}),
          ...(argv['suggest-rate'] !== undefined ? { candidateRate: argv['suggest-rate'] } : {}),
          ...(argv['suggest-min-runs'] !== undefined ? { candidateMinRuns: positiveInt('suggest-min-runs', argv['suggest-min-runs']) as number } : {}),
        });
      },
    )
    .command(
      'quarantine <action> [test]',
      'keep a flaky test from failing the build while it is fixed: flakescope quarantine add TEST_ID --reason TEXT [--until DATE] | remove TEST_ID | list',
      (y) =>
        y
          .positional('action', { choices: ['add', 'remove', 'list'] as const, describe: 'what to do' })
          .positional('test', { type: 'string', describe: 'the test id, as report.json or flakescope history names it' })
          .option('reason', { type: 'string', requiresArg: true, describe: 'why (add; required)' })
          .option('until', { type: 'string', requiresArg: true, describe: 'the quarantine ends on this date (add)' })
          .option('by', { type: 'string', requiresArg: true, describe: "who (add; default: git's user.name and user.email)" })
          .option('json', { type: 'boolean', default: false, describe: 'list as JSON' }),
      async (argv) => {
        const { quarantineCommand } = await import('./commands/quarantine.js');
        if (argv.action === 'list') {
          process.exitCode = await quarantineCommand({ action: 'list', json: argv.json });
          return;
        }
        if (argv.test === undefined) throw new UsageError(`give the test id: flakescope quarantine ${argv.action} TEST_ID`);
        if (argv.action === 'remove') {
          process.exitCode = await quarantineCommand({ action: 'remove', test: argv.test });
          return;
        }
        if (argv.reason === undefined) throw new UsageError('--reason is required: say why the test is quarantined (an issue link, what is flaky)');
        process.exitCode = await quarantineCommand({
          action: 'add', test: argv.test, reason: argv.reason,
          ...(argv.until !== undefined ? { until: argv.until } : {}), ...(argv.by !== undefined ? { by: argv.by } : {}),
        });
      },
    )
    .command(
      'watch',
      'trace the command, then rerun it (or just the affected tests) whenever a *.py file changes: flakescope watch [options] -- <command...>',
      (y) =>
        y
          .usage('$0 watch [options] -- <command...>\n\nRuns the command under tracing, then reruns it on every change to a *.py file under the current folder and prints what changed in verdicts and findings. Ctrl-C stops it (exit 0).')
          .option('out', { type: 'string', default: '.flakescope', requiresArg: true, describe: 'output folder (rewritten by every run; not watched)' })
          .option('fail-on', { choices: FAIL_ON_LEVELS, default: 'error' as FailOn, describe: 'lowest finding severity the printed status counts (watch itself exits 0 when stopped)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no per-run terminal summary; the change lines and status are still printed' })
          .option('format', FORMAT_OPTION)
          .option('ignore', IGNORE_OPTION)
          .option('timeout', TIMEOUT_OPTION)
          .config(configFor(loadProjectConfig(process.cwd()), ['out', 'fail-on', 'quiet', 'format', 'ignore', 'timeout']))
          .example('$0 watch -- python3 -m pytest tests/', 'rerun the tests of each saved test file, or all of them when a source file changes'),
      async (argv) => {
        const { watchCommand } = await import('./commands/watch.js');
        process.exitCode = await watchCommand({
          out: argv.out, failOn: argv['fail-on'], quiet: argv.quiet, ignore: argv.ignore, command: commandAfterDashes(argv),
          ...formatsForGate(argv.format), ...(argv.timeout !== undefined ? { timeout: argv.timeout } : {}),
        });
      },
    )
    .command(
      'doctor',
      'check that flakescope can trace here: flakescope doctor [-- <command...>]',
      (y) =>
        y.option('out', { type: 'string', default: '.flakescope', requiresArg: true, describe: 'output folder to check for write access' })
          .config(configFor(loadProjectConfig(process.cwd()), ['out'])),
      async (argv) => {
        const { doctorCommand } = await import('./commands/doctor.js');
        process.exitCode = await doctorCommand({ out: argv.out, command: commandAfterDashes(argv) });
      },
    )
    .demandCommand(1, 'give a command: run, check, report, repro, fix, merge, import, history, quarantine, watch or doctor')
    .parseAsync();
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`flakescope: ${oneLine(err.message)}\n`);
    process.exitCode = EXIT_USAGE;
  } else if (err instanceof ToolError) {
    process.stderr.write(`flakescope: ${oneLine(err.message)}\n`);
    process.exitCode = EXIT_TOOL;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`flakescope: internal error: ${oneLine(message)} (set FLAKESCOPE_DEBUG=1 for details)\n`);
    if (process.env.FLAKESCOPE_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = EXIT_TOOL;
  }
});
