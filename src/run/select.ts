// Rerunning only some tests, in the runner's own syntax: unittest ids for `python -m unittest`,
// pytest node ids, `--load-list FILE` for testtools and stestr. Any other command cannot be narrowed:
// it is rerun whole, and the caller says so.

export type Runner = 'unittest' | 'pytest' | 'load-list' | 'unknown';

/** pytest options that take their value as the next argument (so that value is not a test path). */
const PYTEST_VALUE_OPTIONS = new Set([
  '-k', '-m', '-p', '-c', '-n', '-o', '-W', '-r', '--rootdir', '--confcutdir', '--maxfail', '--tb', '--durations',
  '--basetemp', '--ignore', '--ignore-glob', '--deselect', '--import-mode', '--dist', '--log-level', '--junitxml', '--override-ini',
]);
/** unittest options that take a value. */
const UNITTEST_VALUE_OPTIONS = new Set(['-k']);
/** testtools.run options that take a value. */
const TESTTOOLS_VALUE_OPTIONS = new Set(['--load-list']);

function moduleIndex(argv: string[]): { module: string; at: number } | null {
  const at = argv.indexOf('-m');
  return at >= 0 && argv[at + 1] !== undefined ? { module: argv[at + 1] as string, at: at + 1 } : null;
}

const isPytestBin = (file: string): boolean => /(^|\/)(py\.test|pytest)$/.test(file);

export function detectRunner(argv: string[]): Runner {
  const m = moduleIndex(argv);
  if (m?.module === 'unittest' && !argv.slice(m.at + 1).includes('discover')) return 'unittest';
  if (m?.module === 'pytest' || isPytestBin(argv[0] ?? '')) return 'pytest';
  if (m?.module === 'testtools.run' || m?.module === 'stestr' || /(^|\/)stestr$/.test(argv[0] ?? '')) return 'load-list';
  return 'unknown';
}

/** Options only: positional test names dropped, options and their values kept. */
function optionsOnly(args: string[], valueOptions: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) continue;
    out.push(a);
    if (valueOptions.has(a) && args[i + 1] !== undefined) out.push(args[++i] as string);
  }
  return out;
}

export interface Selection {
  argv: string[];
  /** Contents of the --load-list file to write at `listFile`, for load-list runners. */
  listText?: string;
}

/** The command narrowed to `tests` in that order (repeated ones repeat where the runner allows), or
 *  null when the runner is unknown and the whole command must be rerun. */
export function selectTests(argv: string[], tests: string[], listFile: string): Selection | null {
  const runner = detectRunner(argv);
  const m = moduleIndex(argv);
  switch (runner) {
    case 'unittest': {
      const at = (m as { at: number }).at;
      return { argv: [...argv.slice(0, at + 1), ...optionsOnly(argv.slice(at + 1), UNITTEST_VALUE_OPTIONS), ...tests] };
    }
    case 'pytest': {
      const at = m ? m.at : 0;
      return { argv: [...argv.slice(0, at + 1), ...optionsOnly(argv.slice(at + 1), PYTEST_VALUE_OPTIONS), '-p', 'no:cacheprovider', ...[...new Set(tests)]] };
    }
    case 'load-list':
      // A load-list only filters the suite, so a test listed twice runs once; testtools.run also takes
      // test ids as arguments, as unittest does, and runs each one given.
      if (m?.module === 'testtools.run' && new Set(tests).size < tests.length && !argv.includes('discover')) {
        return { argv: [...argv.slice(0, m.at + 1), ...optionsOnly(argv.slice(m.at + 1), TESTTOOLS_VALUE_OPTIONS), ...tests] };
      }
      return { argv: [...argv, '--load-list', listFile], listText: `${[...new Set(tests)].join('\n')}\n` };
    case 'unknown':
      return null;
  }
}

/** Whether selecting the same test twice runs it twice (unittest loads each name given). */
export const repeatsDuplicates = (argv: string[]): boolean => detectRunner(argv) === 'unittest';
/** Whether a test listed several times in a selection runs that many times in one process: unittest,
 *  and testtools.run given test ids (not for the plan's generic reruns, which keep testtools suites to
 *  one execution a test; per-site evidence repeats them to save a process start per execution). */
export const repeatsListedTests = (argv: string[]): boolean => repeatsDuplicates(argv) || (detectRunner(argv) === 'load-list' && moduleIndex(argv)?.module === 'testtools.run' && !argv.includes('discover'));
/** Whether the runner runs selected tests in the order given (load-lists keep the suite's order). */
export const keepsGivenOrder = (argv: string[]): boolean => ['unittest', 'pytest'].includes(detectRunner(argv));
