#!/usr/bin/env node
// flakescope command line. Each subcommand lazy-imports its module so --help stays fast.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ToolError, UsageError } from './errors.js';
import { TOOL_VERSION } from './package-info.js';
import { FAIL_ON_LEVELS, type FailOn } from './report/exit-code.js';
import { FORMAT_NAMES } from './report/format-names.js';
import { formatsForGate, parseFormatList } from './report/format-list.js';
import { configFor, loadProjectConfig } from './run/config.js';
import { parseShard } from './run/shard.js';

const EXIT_USAGE = 2;
const EXIT_TOOL = 3;

/** --format, shared by run, check and report (several flags or one comma-separated list). */
const FORMAT_OPTION = {
  type: 'string',
  array: true,
  requiresArg: true,
  describe: `report formats, comma-separated: ${FORMAT_NAMES.join(',')} (run and check always write report.json; default terminal,json)`,
} as const;

/** Flags that mean the same on every command that has them. */
const FAIL_ON_OPTION = { choices: FAIL_ON_LEVELS, default: 'error' as FailOn, describe: 'lowest finding severity that gives exit 1' } as const;
const IGNORE_OPTION = { type: 'string', array: true, default: [] as string[], requiresArg: true, describe: 'drop findings whose target, file, test id or kind:target matches this glob (repeatable)' } as const;
const TIMEOUT_OPTION = { type: 'number', requiresArg: true, describe: 'per-test hang limit, seconds' } as const;

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

/** `run`'s options: the same on the full command line and on the run-only path. */
function runOptions<T>(y: Argv<T>) {
  return y
    .usage('$0 run [options] -- <command...>\n\nRuns the command with the flakescope shim, writes <out>/traces/ and <out>/report.json.')
    .option('out', { type: 'string', default: '.flakescope', requiresArg: true, describe: 'output folder' })
    .option('fail-on', FAIL_ON_OPTION)
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar and no terminal summary (report.json is still written)' })
    .option('verbose', { type: 'boolean', default: false, describe: "print each finding's full message under its one-line summary" })
    .option('format', FORMAT_OPTION)
    .option('ignore', IGNORE_OPTION)
    .option('runs', { type: 'string', requiresArg: true, describe: 'repetitions: N, or auto (stop when every verdict is settled)' })
    .option('max-runs', { type: 'number', requiresArg: true, describe: 'cap for --runs auto (default 40)' })
    .option('budget', { type: 'number', requiresArg: true, describe: 'seconds after which no new run starts' })
    .option('perturb', { type: 'string', array: true, requiresArg: true, describe: 'sleep-scale=0,3[@PATH] jitter=5ms switch-interval=1e-6 cpu-noise=2 order=reverse,shuffle isolate | default | none' })
    .option('timeout', TIMEOUT_OPTION)
    .option('seed', { type: 'number', requiresArg: true, describe: 'seed for jitter and shuffled order' })
    .option('jobs', { type: 'number', default: 1, requiresArg: true, describe: 'repetitions run in parallel, at most one per CPU (fixed --runs N only)' })
    .option('shard', { type: 'string', requiresArg: true, coerce: parseShard, describe: 'K/N: make only the K-th of N slices of the runs (CI matrix); combine with flakescope merge' })
    .option('repro', { type: 'boolean', default: true, describe: 'derive a replayed, minimised reproducer for each timing, order, flaky and hang finding (--no-repro to skip)' })
    .config(configFor(loadProjectConfig(process.cwd()), ['out', 'fail-on', 'quiet', 'format', 'ignore', 'runs', 'max-runs', 'budget', 'perturb', 'timeout', 'seed', 'jobs', 'shard']))
    .example('$0 run -- python3 -m pytest tests/', 'trace a pytest run')
    .example('$0 run --runs auto -- python3 -m unittest tests.test_x', 'rerun under perturbations until every verdict is settled');
}

async function runHandler(argv: Awaited<ReturnType<ReturnType<typeof runOptions>['parseAsync']>>): Promise<void> {
  const { runCommand } = await import('./commands/run.js');
  process.exitCode = await runCommand({
    out: argv.out, failOn: argv['fail-on'], quiet: argv.quiet, verbose: argv.verbose, command: commandAfterDashes(argv), ...formatsForGate(argv.format),
    runs: argv.runs, maxRuns: argv['max-runs'], budget: argv.budget, perturb: argv.perturb, timeout: argv.timeout, seed: argv.seed, ignore: argv.ignore,
    jobs: positiveInt('jobs', argv.jobs), shard: argv.shard, noRepro: !argv.repro,
  });
}

/** What every parser here shares: `--` handling, strictness, help, version and usage errors. */
function common<T>(y: Argv<T>): Argv<T> {
  return y
    .scriptName('flakescope')
    .parserConfiguration({ 'populate--': true })
    .strict()
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .wrap(null)
    .fail((msg, err) => {
      // Errors thrown by our handlers pass through; yargs' own validation failures (a message, or a YError) are usage errors.
      if (err && err.name !== 'YError') throw err;
      const text = msg ?? err?.message ?? 'invalid command line';
      const hint = text.startsWith('Unknown argument') ? 'put the test command after --; see flakescope --help' : 'see flakescope --help';
      throw new UsageError(`${text} (${hint})`);
    });
}

/**
 * `flakescope run ...` parsed by a yargs instance that knows only run's options. Through .command(),
 * yargs renders and caches the whole help text (cliui and string-width: tens of ms) while the
 * handler awaits its first import, so before the child can start; here `run --help` still prints
 * run's own help.
 */
async function runOnly(args: string[]): Promise<void> {
  await runHandler(await runOptions(common(yargs(args))).parseAsync());
}

async function main(): Promise<void> {
  const args = hideBin(process.argv);
  if (args[0] === 'run') return runOnly(args.slice(1));
  await common(yargs(args))
    .usage('$0 <command> [options]\n\nRuns Python tests under tracing and explains their flakiness with evidence.')
    .command('run', 'run a test command once under tracing: flakescope run [options] -- <command...>', runOptions, runHandler)
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
          .config(configFor(loadProjectConfig(process.cwd()), ['fail-on', 'quiet', 'format', 'ignore'])),
      async (argv) => {
        if (argv.dir === undefined) throw new UsageError('give the folder to check: flakescope check DIR (the --out of an earlier run)');
        const { checkCommand } = await import('./commands/check.js');
        process.exitCode = await checkCommand({ dir: argv.dir, failOn: argv['fail-on'], quiet: argv.quiet, verbose: argv.verbose, ignore: argv.ignore, ...formatsForGate(argv.format) });
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
      'merge <dirs..>',
      'combine the --out folders of sharded runs (--shard K/N) into one report',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, describe: 'the --out folders of the shards' })
          .option('out', { type: 'string', demandOption: true, requiresArg: true, describe: 'folder for the merged traces and report' })
          .option('fail-on', FAIL_ON_OPTION)
          .option('quiet', { type: 'boolean', default: false, describe: 'no terminal summary (report.json is still written)' })
          .config(configFor(loadProjectConfig(process.cwd()), ['fail-on', 'quiet']))
          .example('$0 merge --out merged shard-1 shard-2', 'one report from two CI machines'),
      async (argv) => {
        const { mergeCommand } = await import('./commands/merge.js');
        process.exitCode = await mergeCommand({ out: argv.out, inputs: (argv.dirs ?? []).map(String), failOn: argv['fail-on'], quiet: argv.quiet });
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
    .demandCommand(1, 'give a command: run, check, report, repro, merge, watch or doctor')
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
