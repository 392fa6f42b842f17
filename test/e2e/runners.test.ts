// Runner-specific guarantees beyond expect.json (which test/e2e/scenarios.test.ts checks for every
// scenarios/runner-*): xdist workers and subprocesses traced, shards merge into one run, config files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { cliPath, commandFor, loadScenarios, missingRequirement, runFlakescope, RUN_TIMEOUT_MS } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

const scenario = (name: string) => {
  const s = loadScenarios().find((x) => x.name === name);
  if (!s) throw new Error(`scenario ${name} missing`);
  return s;
};

function tempDir(t: { teardown: (fn: () => void) => void }, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `flakescope-runners-${label}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readReport = (out: string): Report => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
const total = (o: object): number => (Object.values(o) as number[]).reduce((a, b) => a + b, 0);
interface Header { pid: number; ppid: number; argv: string[] }
function headers(runDir: string): { file: string; header: Header; tests: number }[] {
  return readdirSync(runDir).map((file) => {
    const lines = readFileSync(join(runDir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ev: string });
    return { file, header: lines[0] as unknown as Header, tests: lines.filter((e) => e.ev === 'test-start').length };
  });
}

t.test('pytest-xdist -n 2 (load distribution): both workers traced, each test counted once', async (t) => {
  const { dir, expect } = scenario('runner-xdist');
  if (!requireOrSkip(t, missingRequirement(expect))) return;
  const out = tempDir(t, 'xdist');
  const command = commandFor(expect).filter((a) => a !== '--dist' && a !== 'loadfile');
  const run = runFlakescope(command, { cwd: dir, out });
  const report = run.report as Report;
  t.ok(report, 'report written', { stderr: run.stderr });
  const procs = headers(join(out, 'traces', '0'));
  t.ok(procs.length >= 3, `controller and two workers wrote traces (${procs.length} files)`);
  t.equal(procs.filter((p) => p.tests > 0).length, 2, 'both workers ran tests');
  t.same(report.tests.map((x) => x.id).sort(), Object.keys(expect.tests).sort(), 'every test once, by node id');
  for (const test of report.tests) t.equal(total(test.outcomes), 1, `${test.id} counted once`);
  t.same(report.findings.map((f) => [f.kind, f.test, f.target]).sort(), expect.findings.map((f) => [f.kind, f.test, f.target]).sort(), 'the two leaks');
});

t.test('subprocesses and a re-exec are traced, each process in its own file', async (t) => {
  const { dir, expect } = scenario('runner-subprocess');
  const out = tempDir(t, 'sub');
  const run = runFlakescope(commandFor(expect), { cwd: dir, out });
  const report = run.report as Report;
  t.equal(run.exitCode, 0, 'exit 0', { stderr: run.stderr });
  t.same(report.warnings, [], 'no reader warnings (no file with two headers)');
  const procs = headers(join(out, 'traces', '0'));
  t.equal(procs.length, 4, 'runner, child, child before and after exec');
  const parent = procs.find((p) => p.tests > 0);
  t.ok(parent, 'the runner process recorded the tests');
  const children = procs.filter((p) => p !== parent);
  t.ok(children.every((c) => c.header.ppid === parent?.header.pid), 'children name the runner as parent');
  const pids = children.map((c) => c.header.pid);
  t.equal(new Set(pids).size, 2, 'the exec kept its pid and still got a second file');
});

t.test('--runs 6 split by --shard 1/2 and 2/2, then merge: the single-machine report', async (t) => {
  const { dir, expect } = scenario('runner-unittest');
  const work = tempDir(t, 'shard');
  const command = commandFor(expect);
  const single = runFlakescope(command, { cwd: dir, out: join(work, 'single'), flags: ['--runs', '6'] });
  const s1 = runFlakescope(command, { cwd: dir, out: join(work, 's1'), flags: ['--runs', '6', '--shard', '1/2', '--jobs', '2'] });
  const s2 = runFlakescope(command, { cwd: dir, out: join(work, 's2'), flags: ['--runs', '6', '--shard', '2/2'] });
  t.same((s1.report as Report).runs.map((r) => r.index), [0, 2, 4], 'shard 1/2 makes runs 0, 2, 4');
  t.same((s2.report as Report).runs.map((r) => r.index), [1, 3, 5], 'shard 2/2 makes runs 1, 3, 5');
  const merged = cli(['merge', '--quiet', '--out', join(work, 'merged'), join(work, 's1'), join(work, 's2')], work);
  t.equal(merged.code, 1, 'merge exits like the run (findings)', merged);
  const m = readReport(join(work, 'merged'));
  const one = single.report as Report;
  t.same(m.runs.map((r) => r.index), [0, 1, 2, 3, 4, 5], 'six runs, numbered as on one machine');
  t.same(m.findings.map((f) => f.id).sort(), one.findings.map((f) => f.id).sort(), 'the same findings, once each');
  t.equal(m.findings.length, 2);
  const shape = (r: Report) => r.tests.map((x) => [x.id, x.outcomes, x.verdict, x.failureRate]).sort();
  t.same(shape(m), shape(one), 'every outcome counted: outcomes, verdicts and failure rates as on one machine');
  t.same(m.warnings, [], 'no warnings');
});

t.test('merge: a missing shard is reported; an input cannot make flakescope write outside --out', async (t) => {
  const { dir, expect } = scenario('runner-unittest');
  const work = tempDir(t, 'merge-safety');
  const s1 = join(work, 's1');
  runFlakescope(commandFor(expect), { cwd: dir, out: s1, flags: ['--shard', '1/2', '--runs', '2'] });
  // A hostile input: a symlinked trace file and a run number that is not one.
  const manifest = JSON.parse(readFileSync(join(s1, 'run.json'), 'utf8')) as { runs: { index: number }[] };
  manifest.runs.push({ ...manifest.runs[0], index: -1 } as { index: number });
  writeFileSync(join(s1, 'run.json'), JSON.stringify(manifest));
  const outside = join(work, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.jsonl'), 'not a trace\n');
  symlinkSync(join(outside, 'secret.jsonl'), join(s1, 'traces', '0', 'link.jsonl'));
  const r = cli(['merge', '--quiet', '--out', join(work, 'merged'), s1], work);
  t.equal(r.code, 1, 'merged (findings)', r);
  const m = readReport(join(work, 'merged'));
  t.same(m.runs.map((x) => x.index), [0], 'the run with a bad index is skipped');
  t.match(m.warnings.map((w) => w.message).join('\n'), /shard\(s\) 2\/2 missing/, 'missing shard named');
  t.match(m.warnings.map((w) => w.message).join('\n'), /run index -1 is not a run number/, 'bad index named');
  t.notOk(readdirSync(join(work, 'merged', 'traces', '0')).includes('link.jsonl'), 'symlinked file not copied');
  t.same(readdirSync(outside), ['secret.jsonl'], 'nothing written next to the target');
  const overlap = cli(['merge', '--out', s1, s1], work);
  t.equal(overlap.code, 2, '--out equal to an input is a usage error');
  t.match(overlap.stderr, /overlaps the input/);
});

t.test('config: [tool.flakescope] and flakescope.config.json, validated, flags win', async (t) => {
  const { dir, expect } = scenario('runner-unittest');
  const work = tempDir(t, 'config');
  cpSync(dir, work, { recursive: true });
  const command = commandFor(expect);
  const run = (...flags: string[]) => cli(['run', '--quiet', '--out', '.fs', ...flags, '--', ...command], work);
  t.equal(run().code, 1, 'without config: findings give exit 1');
  writeFileSync(join(work, 'pyproject.toml'), '[project]\nname = "ledger"\n\n[tool.flakescope]\nfail-on = "never"\n');
  t.equal(run().code, 0, 'fail-on = "never" turns exit 1 into 0');
  t.equal(run('--fail-on', 'error').code, 1, 'the flag wins over the file');
  writeFileSync(join(work, 'flakescope.config.json'), JSON.stringify({ 'fail-on': 'error', runs: 2 }));
  const both = run();
  t.equal(both.code, 1, 'flakescope.config.json wins over pyproject.toml');
  t.equal(readReport(join(work, '.fs')).runs.length, 2, 'runs from the JSON config');
  writeFileSync(join(work, 'flakescope.config.json'), JSON.stringify({ 'fail-on': 'sometimes', job: 2 }));
  const bad = run();
  t.equal(bad.code, 2, 'invalid config is a usage error');
  t.match(bad.stderr, /flakescope\.config\.json/, 'names the file');
  t.match(bad.stderr, /key "fail-on" must be one of "error", "warning", "info", "never"/, 'names the key and allowed values');
  t.match(bad.stderr, /unknown key "job" \(allowed keys: .*jobs/, 'unknown key with the allowed ones');
  rmSync(join(work, 'flakescope.config.json'));
  writeFileSync(join(work, 'pyproject.toml'), '[tool.flakescope]\nruns = 0\n');
  const zero = run();
  t.equal(zero.code, 2);
  t.match(zero.stderr, /pyproject\.toml \[tool\.flakescope\]: key "runs" must be >= 1/);
});
