// The command line's flags as plain tables, apart from yargs itself: cli.ts builds its parsers from
// them, and `run`'s fast path (cli-plain-argv.ts) reads the same table without loading yargs.
import type { Argv, Options } from 'yargs';
import { UsageError } from './errors.js';
import { TOOL_VERSION } from './package-info.js';
import { FAIL_ON_LEVELS, type FailOn } from './report/exit-code.js';
import { FORMAT_NAMES } from './report/format-names.js';
import type { ProjectConfig } from './run/config.js';
import type { ConfigKey } from './run/config-schema.js';
import { parseShard } from './run/shard.js';

/** --format, shared by run, check and report (several flags or one comma-separated list). */
export const FORMAT_OPTION = {
  type: 'string',
  array: true,
  requiresArg: true,
  describe: `report formats, comma-separated: ${FORMAT_NAMES.join(',')} (run and check always write report.json; default terminal,json)`,
} as const;

/** Flags that mean the same on every command that has them. */
export const FAIL_ON_OPTION = { choices: FAIL_ON_LEVELS, default: 'error' as FailOn, describe: 'lowest finding severity that gives exit 1' } as const;
export const IGNORE_OPTION = { type: 'string', array: true, default: [] as string[], requiresArg: true, describe: 'drop findings whose target, file, test id or kind:target matches this glob (repeatable)' } as const;
export const TIMEOUT_OPTION = { type: 'number', requiresArg: true, describe: 'per-test hang limit, seconds' } as const;
export const HISTORY_OPTION = { type: 'string', requiresArg: true, describe: 'history store: a postgres:// URL, a SQLite file, or off (default .flakescope/history.db)' } as const;

/** `run`'s flags, in the order --help lists them. */
export const RUN_FLAGS = {
  out: { type: 'string', default: '.flakescope', requiresArg: true, describe: 'output folder' },
  'fail-on': FAIL_ON_OPTION,
  quiet: { type: 'boolean', default: false, describe: 'no progress bar and no terminal summary (report.json is still written)' },
  verbose: { type: 'boolean', default: false, describe: "print each finding's full message under its one-line summary" },
  format: FORMAT_OPTION,
  ignore: IGNORE_OPTION,
  runs: { type: 'string', requiresArg: true, describe: 'repetitions: N, or auto (stop when every verdict is settled)' },
  'max-runs': { type: 'number', requiresArg: true, describe: 'cap for --runs auto (default 40)' },
  budget: { type: 'number', requiresArg: true, describe: 'seconds after which no new run starts' },
  perturb: { type: 'string', array: true, requiresArg: true, describe: 'sleep-scale=0,3[@PATH] jitter=5ms switch-interval=1e-6 cpu-noise=2 order=reverse,shuffle isolate | default | none' },
  timeout: TIMEOUT_OPTION,
  seed: { type: 'number', requiresArg: true, describe: 'seed for jitter and shuffled order' },
  jobs: { type: 'number', default: 1, requiresArg: true, describe: 'repetitions run in parallel, at most one per CPU (fixed --runs N only)' },
  shard: { type: 'string', requiresArg: true, coerce: parseShard, describe: 'K/N: make only the K-th of N slices of the runs (CI matrix); combine with flakescope merge' },
  repro: { type: 'boolean', default: true, describe: 'derive a replayed, minimised reproducer for each timing, order, flaky and hang finding (--no-repro to skip)' },
  history: HISTORY_OPTION,
  'new-tests': { type: 'string', requiresArg: true, describe: 'BASE_REF: rerun only the tests added or changed since this git ref, --runs times (default 10); exit 1 on a flaky one' },
} as const satisfies Record<string, Options>;

/** The project config keys `run` reads; the rest are for other commands. */
export const RUN_CONFIG_KEYS: readonly ConfigKey[] = ['out', 'fail-on', 'quiet', 'format', 'ignore', 'runs', 'max-runs', 'budget', 'perturb', 'timeout', 'seed', 'jobs', 'shard', 'history'];

/** What every parser here shares: `--` handling, strictness, help, version and usage errors. */
export function common<T>(y: Argv<T>): Argv<T> {
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

/** `run`'s parser: the same on the full command line and on the run-only path. `config` holds the
 *  project config's settings for run (RUN_CONFIG_KEYS). */
export function runOptions<T>(y: Argv<T>, config: ProjectConfig) {
  return y
    .usage('$0 run [options] -- <command...>\n\nRuns the command with the flakescope shim, writes <out>/traces/ and <out>/report.json.')
    .options(RUN_FLAGS)
    .config(config)
    .example('$0 run -- python3 -m pytest tests/', 'trace a pytest run')
    .example('$0 run --runs auto -- python3 -m unittest tests.test_x', 'rerun under perturbations until every verdict is settled');
}
