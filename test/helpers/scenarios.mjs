// Loads scenarios/<name>/expect.json and compares a flakescope report.json with it.
// Shared by test/e2e (exact comparison) and scripts/demo.mjs (one line per scenario).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MARKER_VAR } from './processes.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const scenariosRoot = join(repoRoot, 'scenarios');
export const cliPath = join(repoRoot, 'dist', 'cli.js');
/** The venv scripts/setup-test.sh creates; scenarios with "python": "venv" run in it. */
export const venvPython = join(repoRoot, '.venv-test', 'bin', 'python');

export function loadScenarios() {
  return readdirSync(scenariosRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(scenariosRoot, entry.name, 'expect.json')))
    .map((entry) => {
      const dir = join(scenariosRoot, entry.name);
      const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8'));
      return { name: entry.name, dir, expect };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function pythonFor(expect) {
  return expect.python === 'venv' ? venvPython : expect.python;
}

export function commandFor(expect) {
  const python = pythonFor(expect);
  return expect.command.map((arg) => arg.replaceAll('{python}', python));
}

/** Why the scenario cannot run here (interpreter or a required module missing), or null. */
export function missingRequirement(expect) {
  const python = pythonFor(expect);
  const modules = expect.requires ?? [];
  const probe = spawnSync(
    python,
    ['-c', 'import sys, importlib.util as u; print(" ".join(m for m in sys.argv[1:] if u.find_spec(m) is None))', ...modules],
    { encoding: 'utf8' },
  );
  if (probe.error || probe.status !== 0) {
    const hint = expect.python === 'venv' ? ' (run `npm run setup:test`)' : '';
    return `interpreter ${python} is not available${hint}`;
  }
  const missing = probe.stdout.trim();
  return missing ? `${python} lacks ${missing} (run \`npm run setup:test\`)` : null;
}

function findingKey(f) {
  return JSON.stringify([f.kind, f.test, f.file, f.line, f.target ?? null, [...f.victims].sort(), f.polluter]);
}

/** The flags expect.json asks for, placed before `--`. */
export function flagsFor(expect) {
  return expect.flakescopeArgs ?? [];
}

function normaliseReported(finding) {
  const victims = Array.isArray(finding.evidence?.victims) ? finding.evidence.victims : [];
  return {
    kind: finding.kind,
    test: finding.test,
    file: finding.site?.file ?? null,
    line: finding.site?.line ?? null,
    target: finding.target ?? null,
    victims,
    // Compared for order-dependent findings only: expect.json names the polluter there.
    polluter: finding.kind === 'order-dependent' ? (finding.evidence?.polluter ?? null) : null,
  };
}

function normaliseExpected(finding) {
  return {
    kind: finding.kind,
    test: finding.test,
    file: finding.site.file,
    line: finding.site.line,
    target: finding.target ?? null,
    victims: finding.victims ?? [],
    polluter: finding.kind === 'order-dependent' ? (finding.polluter ?? null) : null,
  };
}

/** Findings as multisets of (kind, test, file, line, target, sorted victims). An expected finding with
 *  `"optional": true` may be absent (it shows only in some of the runs a plan may or may not make). */
export function compareFindings(report, expect) {
  const reported = [...(report.findings ?? [])];
  const remaining = reported.map((f) => findingKey(normaliseReported(f)));
  const missing = [];
  const wrong = [];
  for (const f of expect.findings) {
    const expected = findingKey(normaliseExpected(f));
    const at = remaining.indexOf(expected);
    if (at === -1) {
      if (f.optional !== true) missing.push(expected);
      continue;
    }
    const got = reported[at];
    if (f.severity !== undefined && got.severity !== f.severity) wrong.push(`${expected}: severity ${got.severity}, expected ${f.severity}`);
    if (f.occurrences !== undefined && got.evidence?.occurrences !== f.occurrences) wrong.push(`${expected}: ${got.evidence?.occurrences} occurrences, expected ${f.occurrences}`);
    remaining.splice(at, 1);
    reported.splice(at, 1);
  }
  const required = expect.findings.filter((f) => f.optional !== true).length;
  return { missing, unexpected: remaining, wrong, found: required - missing.length, expected: required };
}

/** Verdict of every expected test, and tests the report has that expect.json does not list. */
export function compareTests(report, expect) {
  const verdicts = new Map((report.tests ?? []).map((t) => [t.id, t.verdict]));
  const wrong = [];
  for (const [id, verdict] of Object.entries(expect.tests)) {
    const got = verdicts.get(id);
    if (got !== verdict) wrong.push(`${id}: expected ${verdict}, got ${got ?? 'absent'}`);
  }
  const extra = [...verdicts.keys()].filter((id) => !(id in expect.tests));
  return { wrong, extra };
}

/** Listed sleep sites whose `outcomeDependsOnIt` differs from report.sleeps (matched by file and line). */
export function compareSleeps(report, expect) {
  const wrong = [];
  for (const { site, outcomeDependsOnIt, role } of expect.sleeps ?? []) {
    const got = (report.sleeps ?? []).filter((s) => s.site?.file === site.file && s.site?.line === site.line);
    if (got.length === 0) wrong.push(`${site.file}:${site.line}: no such sleep in the report`);
    for (const s of got) {
      if (s.outcomeDependsOnIt !== outcomeDependsOnIt) wrong.push(`${site.file}:${site.line}: expected outcomeDependsOnIt ${outcomeDependsOnIt}, got ${s.outcomeDependsOnIt} (${s.reason ?? 'no reason given'})`);
      if (role !== undefined && s.role !== role) wrong.push(`${site.file}:${site.line}: expected role ${role}, got ${s.role}`);
    }
  }
  return wrong;
}

/** Tests of `passesInEveryRun` whose passes are fewer than the report's runs (or that failed at all). */
export function comparePassesInEveryRun(report, expect) {
  const runs = (report.runs ?? []).length;
  const wrong = [];
  for (const id of expect.passesInEveryRun ?? []) {
    const o = (report.tests ?? []).find((t) => t.id === id)?.outcomes;
    if (!o || o.passed !== runs || o.failed + o.error + o.hang + o.crashed > 0) wrong.push(`${id}: expected passed in all ${runs} runs, got ${JSON.stringify(o ?? null)}`);
  }
  return wrong;
}

// A scenario suite takes about a second; nova about 10 s. Generous, but bounded so a hang fails.
export const RUN_TIMEOUT_MS = 300_000;
// Verbose runners can print a lot (CPython's suites: ~100 kB); leave ample headroom.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function childEnv(extra) {
  // No .pyc files in the scenario folders of the working copy.
  return { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

/** Runs a command without flakescope; returns exit code and combined output. */
export function runPlain(command, cwd) {
  const r = spawnSync(command[0], command.slice(1), {
    cwd,
    encoding: 'utf8',
    env: childEnv(),
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  if (r.error) throw r.error;
  return { exitCode: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Runs `flakescope run --out OUT [flags] -- command` through the built CLI and reads report.json.
 *  Every process it starts carries MARKER_VAR=OUT (see processes.mjs: what it left behind). */
export function runFlakescope(command, { cwd, out, flags = [] }) {
  const r = spawnSync(process.execPath, [cliPath, 'run', '--out', out, ...flags, '--', ...command], {
    cwd,
    encoding: 'utf8',
    env: childEnv({ NO_COLOR: '1', [MARKER_VAR]: out }),
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  if (r.error) throw r.error;
  const reportPath = join(out, 'report.json');
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : null;
  return { exitCode: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, report };
}
