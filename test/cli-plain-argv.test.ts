// run's yargs-free parser: whatever it returns, yargs (with run's real parser, cli-options.ts) returns
// too, over generated command lines and project configs; what it does not know, it leaves to yargs.
import t from 'tap';
import fc from 'fast-check';
import yargs from 'yargs';
import { common, RUN_FLAGS, runOptions } from '../src/cli-options.js';
import { parsePlainArgv } from '../src/cli-plain-argv.js';
import type { ProjectConfig } from '../src/run/config.js';

const FLAG_NAMES = Object.keys(RUN_FLAGS);

/** Key order aside. */
const canonical = (o: object | null): string => JSON.stringify(o && Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));

/** yargs' reading of a run command line, restricted to run's flags and `--`; or the error it gave. */
async function viaYargs(args: string[], config: ProjectConfig): Promise<Record<string, unknown> | { error: string }> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await runOptions(common(yargs(args)).exitProcess(false), config).parseAsync();
  } catch (err) {
    return { error: (err as Error).message };
  }
  const picked: Record<string, unknown> = {};
  for (const k of [...FLAG_NAMES, '--']) if (parsed[k] !== undefined) picked[k] = parsed[k];
  return picked;
}

const value = fc.constantFrom('json', 'json,html', 'md', 'never', 'info', 'sometimes', '2/3', '0/1', '1/1', '5', '1.5', '0', '1e3', '0x10', 'abc', '-1', '', 'auto', 'a b', 'o', 'postgres://h/db', 'true', 'false', 'sleep-scale=0,3', 'a=b=c');
const name = fc.constantFrom(...FLAG_NAMES, 'bogus', 'help', 'version', 'failOn', 'no-quiet', 'no-out');
const token = fc.oneof(
  fc.tuple(name, value).map(([n, v]) => [`--${n}`, v]),
  fc.tuple(name, value).map(([n, v]) => [`--${n}=${v}`]),
  name.map((n) => [`--${n}`]),
  fc.constantFrom(['-h'], ['-q'], ['positional'], ['--no-repro'], ['--repro'], ['--quiet'], ['--verbose']),
);
const commandLine = fc.tuple(fc.array(token, { maxLength: 5 }), fc.constantFrom([], ['--'], ['--', 'python3', '-m', 'pytest', '--out', 'x', '--'])).map(([flags, rest]) => [...flags.flat(), ...rest]);
const config = fc.record({
  out: fc.constant('cfg-out'),
  'fail-on': fc.constantFrom('error', 'warning', 'info', 'never'),
  quiet: fc.boolean(),
  format: fc.constant('json,md'),
  ignore: fc.constant(['x*']),
  runs: fc.constantFrom(3, 'auto'),
  'max-runs': fc.constant(5),
  budget: fc.constant(2.5),
  perturb: fc.constant(['none']),
  timeout: fc.constant(10),
  seed: fc.constant(0),
  jobs: fc.constant(2),
  shard: fc.constant('1/2'),
  history: fc.constant('off'),
}, { requiredKeys: [] }) as fc.Arbitrary<ProjectConfig>;

t.test('on generated command lines and configs, a plain parse is what yargs parses', async (t) => {
  const cases = fc.sample(fc.tuple(commandLine, config), { numRuns: 4000, seed: 23 });
  let plainOnes = 0;
  for (const [args, cfg] of cases) {
    const plain = parsePlainArgv(args, RUN_FLAGS, cfg);
    if (plain === null) continue;
    plainOnes++;
    const expected = await viaYargs(args, cfg);
    if (canonical(plain) !== canonical(expected)) t.same(plain, expected, `${JSON.stringify(args)} with config ${JSON.stringify(cfg)}`);
  }
  // Most generated lines hold a mistake and go to yargs; enough are plain for the comparison to mean something.
  t.ok(plainOnes >= 300, `${plainOnes} of ${cases.length} generated command lines were parsed without yargs`);
});

t.test('the command lines people type are parsed without yargs, and as yargs parses them', async (t) => {
  const lines = [
    ['--', 'python3', '-m', 'pytest', 'tests/'],
    ['--out', '/tmp/o', '--format', 'json', '--', 'python3', '-c', 'pass'],
    ['--runs', 'auto', '--max-runs=12', '--perturb', 'sleep-scale=0,3', '--perturb', 'order=reverse', '--seed', '7', '--', 'python3', '-m', 'unittest'],
    ['--runs', '4', '--jobs', '2', '--shard', '1/2', '--no-repro', '--quiet', '--fail-on', 'never', '--', 'pytest'],
    ['--history', 'off', '--ignore', 'leaked-thread:*', '--timeout', '2.5', '--verbose', '--', 'pytest', '--', '-x'],
  ];
  for (const args of lines) {
    const plain = parsePlainArgv(args, RUN_FLAGS, {});
    t.not(plain, null, args.join(' '));
    t.same(plain, await viaYargs(args, {}), args.join(' '));
  }
  t.same(parsePlainArgv(['--', 'pytest'], RUN_FLAGS, { format: 'md', shard: '2/3' }), await viaYargs(['--', 'pytest'], { format: 'md', shard: '2/3' }), 'config under the flags');
});

t.test('help, version, short and unknown flags, missing or odd values and bad words go to yargs', async (t) => {
  for (const args of [
    ['--help', '--', 'x'], ['-h', '--', 'x'], ['--version', '--', 'x'], ['-q', '--', 'x'], ['--bogus', '--', 'x'], ['--failOn', 'never', '--', 'x'],
    ['--out', '--', 'x'], ['--out=', '--', 'x'], ['--out', '-x', '--', 'x'], ['--out', 'a', '--out', 'b', '--', 'x'], ['--format', 'json', 'html', '--', 'x'],
    ['--fail-on', 'sometimes', '--', 'x'], ['--seed', 'abc', '--', 'x'], ['--seed', '1e3', '--', 'x'], ['--shard', '0/1', '--', 'x'], ['--quiet=false', '--', 'x'],
    ['--no-out', '--', 'x'], ['python3', 'x.py'], ['--out', 'o'], ['--'], [],
  ]) t.equal(parsePlainArgv(args, RUN_FLAGS, {}), null, JSON.stringify(args));
  t.equal(parsePlainArgv(['--', 'x'], RUN_FLAGS, { 'fail-on': 'sometimes' as never }), null, 'a config word yargs would refuse');
  t.equal(parsePlainArgv(['--', 'x'], { out: { type: 'string', alias: 'o', requiresArg: true } }, {}), null, 'a table with a feature the parser does not reproduce');
});
