// Bad input (issue 8): every kind gets exit 2 and exactly one line saying what to do, never a stack
// trace, never exit 3. Flags not on this branch yet (--runs, --timeout, --jobs, --format, report,
// merge) are rejected by the strict parser today; once they land these cases hold them to the same rule.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** A bad command line is refused before anything runs; a minute means it hung. */
const CLI_TIMEOUT_MS = 60_000;

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: CLI_TIMEOUT_MS });
  return { code: r.status, stderr: r.stderr };
}

/** Shared layout: a plain file, a folder that is not ours, a folder of a newer flakescope. */
function layout(dir: string): void {
  writeFileSync(path.join(dir, 'afile'), 'x');
  mkdirSync(path.join(dir, 'notours'));
  writeFileSync(path.join(dir, 'notours', 'run.json'), '{"hello": 1}');
  mkdirSync(path.join(dir, 'newer', 'traces', '0'), { recursive: true });
  writeFileSync(path.join(dir, 'newer', 'traces', '0', '7.jsonl'), '{"ev":"header","v":99,"pid":7}\n{"ev":"brand-new","t":1}\n');
}

const cases: Array<[string, string[], RegExp]> = [
  ['missing command', ['run', '--'], /no command given/],
  ['command not found', ['run', '--', 'flakescope-no-such-binary'], /command not found: flakescope-no-such-binary/],
  ['command not executable', ['run', '--', './afile'], /not executable/],
  ['non-numeric --runs', ['run', '--runs', 'abc', '--', 'true'], /runs/],
  ['negative --runs', ['run', '--runs', '-3', '--', 'true'], /runs/],
  ['negative --timeout', ['run', '--timeout', '-1', '--', 'true'], /timeout/],
  ['non-numeric --jobs', ['run', '--jobs', 'many', '--', 'true'], /jobs/],
  ['unknown format', ['run', '--format', 'pdf', '--', 'true'], /format|pdf/],
  ['unknown flag', ['run', '--frobnicate', '--', 'true'], /frobnicate/],
  ['unknown --fail-on level', ['run', '--fail-on', 'sometimes', '--', 'true'], /fail-on/],
  ['empty --out', ['run', '--out=', '--', 'true'], /--out is empty/],
  ['output folder under a file', ['run', '--out', 'afile/sub', '--', 'true'], /cannot use output folder .*afile\/sub/],
  ['output folder is a file', ['run', '--out', 'afile', '--', 'true'], /cannot use output folder/],
  // Node's recursive mkdir used to spin forever here.
  ['output folder in /proc', ['run', '--out', '/proc/flakescope-nope', '--', 'true'], /cannot use output folder \/proc\/flakescope-nope/],
  ['check: missing folder', ['check', 'nowhere'], /not a flakescope output folder/],
  ['check: a plain file', ['check', 'afile'], /not a flakescope output folder/],
  ['check: a folder with a foreign run.json', ['check', 'notours'], /not a flakescope output folder/],
  ['check: traces of a newer version', ['check', 'newer'], /newer flakescope.*upgrade flakescope/],
  ['report: missing input folder', ['report', 'nowhere'], /report|nowhere/],
  ['merge: missing input folders', ['merge', '--out', 'o', 'nowhere1', 'nowhere2'], /merge|nowhere/],
];

for (const [name, args, message] of cases) {
  t.test(`exit 2, one line: ${name}`, async (t) => {
    const dir = t.testdir({});
    layout(dir);
    const r = cli(args, dir);
    t.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
    t.match(r.stderr, message);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'exactly one line');
    t.match(r.stderr, /^flakescope: /, 'says who is talking');
    t.notMatch(r.stderr, /\bat .*:\d+:\d+|internal error/, 'no stack trace, no internal error');
  });
}

t.test('there are at least 9 kinds of bad input', async (t) => {
  t.ok(cases.length >= 9);
});
