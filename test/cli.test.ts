// The built CLI (dist/cli.js; `npm test` builds it first) as a user runs it: exit codes and one-line errors.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.before(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build (npm test does it)');
});

const usageCases: Array<[string, string[], RegExp]> = [
  ['no subcommand', [], /give a command/],
  ['unknown subcommand', ['frobnicate'], /Unknown argument: frobnicate/],
  ['run without a command', ['run'], /no command given/],
  ['run with an empty command after --', ['run', '--'], /no command given/],
  ['unknown flag', ['run', '--bogus', '--', 'true'], /Unknown argument: bogus/],
  ['bad --fail-on value', ['run', '--fail-on', 'sometimes', '--', 'true'], /fail-on/],
  ['--out without a value', ['run', '--out'], /out/],
  ['command without --', ['run', 'python3', 'x.py'], /put the test command after --/],
  ['command not found', ['run', '--', 'no-such-command-flakescope-xyz'], /command not found: no-such-command-flakescope-xyz/],
  ['check on a missing folder', ['check', 'nowhere'], /not a flakescope output folder/],
  ['check without a folder', ['check'], /give the folder to check/],
  ['unusable output folder', ['run', '--out', '/proc/flakescope-nope', '--', 'true'], /cannot use output folder/],
];
for (const [name, args, message] of usageCases) {
  t.test(`usage error => exit 2 with one line: ${name}`, async (t) => {
    const r = cli(args, t.testdir({}));
    t.equal(r.code, 2, r.stderr);
    t.match(r.stderr, message);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'exactly one line');
    t.notMatch(r.stderr, /\bat .*\.js:\d+/, 'no stack trace');
  });
}

t.test('--help on every command and --version', async (t) => {
  const dir = t.testdir({});
  for (const args of [['--help'], ['run', '--help'], ['check', '--help']]) {
    const r = cli(args, dir);
    t.equal(r.code, 0, args.join(' '));
    t.match(r.stdout, /flakescope/);
  }
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
  t.equal(cli(['--version'], dir).stdout.trim(), pkg.version);
});

t.test('a command that starts no traced Python: exit 3, one line with the likely fix; run.json and report.json still written', async (t) => {
  const dir = t.testdir({});
  const r = cli(['run', '--out', 'o', '--', process.execPath, '-e', 'process.exit(0)'], dir);
  t.equal(r.code, 3, r.stderr);
  t.match(r.stderr, /^flakescope: no Python process reported to flakescope in the run: nothing was traced\. Likely fix: give a Python test command/);
  t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
  const report = JSON.parse(readFileSync(path.join(dir, 'o', 'report.json'), 'utf8'));
  t.match(report.runs, [{ index: 0, exitCode: 0, signal: null, perturbation: {}, order: 'default' }]);
  t.match(report.warnings, [{ message: /no trace was written/ }]);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'o', 'run.json'), 'utf8'));
  t.same(manifest.command, [process.execPath, '-e', 'process.exit(0)']);
  t.equal(manifest.cwd, dir);
  t.equal(cli(['run', '--out', 'o', '--fail-on', 'never', '--', process.execPath, '-e', 'process.exit(4)'], dir).code, 3, 'whatever --fail-on says');
});

t.test('a red suite is never green: a failing command gives exit 1 unless --fail-on never', async (t) => {
  const dir = t.testdir({});
  t.equal(cli(['run', '--out', 'o', '--', 'python3', '-c', 'raise SystemExit(4)'], dir).code, 1);
  t.equal(cli(['run', '--out', 'o', '--fail-on', 'never', '--', 'python3', '-c', 'raise SystemExit(4)'], dir).code, 0);
});

t.test('a previous traces folder is replaced; a traces folder that is not ours is refused', async (t) => {
  const dir = t.testdir({ o: { traces: { '7': { 'old.jsonl': 'x' } } }, mine: { traces: { 'thesis.tex': 'precious' } } });
  t.equal(cli(['run', '--out', 'o', '--', 'python3', '-c', ''], dir).code, 0);
  t.notOk(existsSync(path.join(dir, 'o', 'traces', '7')));
  const r = cli(['run', '--out', 'mine', '--', 'python3', '-c', ''], dir);
  t.equal(r.code, 2);
  t.match(r.stderr, /not written by flakescope/);
  t.ok(existsSync(path.join(dir, 'mine', 'traces', 'thesis.tex')));
});

t.test('the shim environment reaches the command, and a trace it writes is analysed', async (t) => {
  // A stand-in for the Python shim: writes a trace with a leaked patch where FLAKESCOPE_TRACE_DIR says.
  const fakeShim = `
    const fs = require('fs'), path = require('path');
    const e = process.env;
    if (!e.PYTHONPATH.split(path.delimiter)[0].endsWith('python-shim')) process.exit(9);
    if (!e.PYTEST_PLUGINS.split(',').includes('flakescope_shim.pytest.plugin')) process.exit(9);
    const lines = [
      {ev:'header', v:1, pid:process.pid, ppid:1, python:'3.11', argv:[], run:Number(e.FLAKESCOPE_RUN), t0:0},
      {ev:'test-start', t:1, test:'m.T.test_a', runner:'unittest'},
      {ev:'patch-start', t:2, test:'m.T.test_a', id:'p1', target:'m.f', via:'mock.patch', how:'start', owner:{scope:'test', id:'m.T.test_a'}, site:{file:'m.py', line:12}},
      {ev:'test-end', t:3, test:'m.T.test_a', outcome:'passed', duration:0.1},
    ];
    fs.writeFileSync(path.join(e.FLAKESCOPE_TRACE_DIR, process.pid + '.jsonl'), lines.map(l => JSON.stringify(l)).join('\\n') + '\\n');
  `;
  const dir = t.testdir({});
  const r = cli(['run', '--out', 'o', '--', process.execPath, '-e', fakeShim], dir);
  t.equal(r.code, 1, r.stderr + r.stdout);
  t.match(r.stdout, /m\.py:12: error leaked-patch: patch of m\.f started at m\.py:12/);
  const report = JSON.parse(readFileSync(path.join(dir, 'o', 'report.json'), 'utf8'));
  t.match(report.findings, [{ kind: 'leaked-patch', test: 'm.T.test_a', site: { file: 'm.py', line: 12 }, target: 'm.f' }]);
  t.match(report.tests, [{ id: 'm.T.test_a', verdict: 'pass' }]);
  t.equal(cli(['run', '--out', 'o', '--fail-on', 'never', '--', process.execPath, '-e', fakeShim], dir).code, 0);
});

t.test('check re-analyses a damaged trace folder: report written, exit 1 for the leak, never 3', async (t) => {
  const dir = t.testdir({});
  const run0 = path.join(dir, 'o', 'traces', '0');
  mkdirSync(run0, { recursive: true });
  const ok = [
    { ev: 'header', v: 1, pid: 5, ppid: 1, python: '3.11', argv: [], run: 0, t0: 0 },
    { ev: 'test-start', t: 1, test: 'a', runner: 'pytest' },
    { ev: 'patch-start', t: 2, test: 'a', id: 'p1', target: 'os.environ', via: 'mock.patch.dict', how: 'start', owner: { scope: 'test', id: 'a' }, site: { file: 't.py', line: 3 } },
    { ev: 'test-end', t: 3, test: 'a', outcome: 'passed', duration: 0.1 },
  ];
  writeFileSync(path.join(run0, '5.jsonl'), ok.map((l) => JSON.stringify(l)).join('\n') + '\n{"ev":"test-sta');
  writeFileSync(path.join(run0, '6.jsonl'), Buffer.from([0, 1, 2, 0xff, 0xfe, 10]));
  writeFileSync(path.join(run0, 'random.bin'), 'whatever');
  const r = cli(['check', 'o'], dir);
  t.equal(r.code, 1, r.stderr);
  const report = JSON.parse(readFileSync(path.join(dir, 'o', 'report.json'), 'utf8'));
  t.equal(report.findings.length, 1);
  t.ok(report.warnings.some((w: { message: string }) => /torn last line/.test(w.message)));
  t.ok(report.warnings.some((w: { message: string }) => /binary/.test(w.message)));
  t.ok(report.warnings.some((w: { where: string; message: string }) => w.where === 'run.json' && /missing/.test(w.message)));
});

t.test('everything after -- reaches the command untouched, flags and a literal -- included', async (t) => {
  const dir = t.testdir({ 'argv.py': "import sys\nsys.exit(0 if sys.argv[1:] == ['--bogus', '--out', 'zz', '--', 'a b'] else 5)\n" });
  const r = cli(['run', '--out', 'o', '--quiet', '--', 'python3', 'argv.py', '--bogus', '--out', 'zz', '--', 'a b'], dir);
  t.equal(r.code, 0, r.stderr);
  t.notOk(existsSync(path.join(dir, 'zz')));
});
