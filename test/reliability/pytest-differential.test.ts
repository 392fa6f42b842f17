// Rule 1 of the shim on pytest (issue 8): per-test outcomes are identical with and without
// flakescope on a suite using monkeypatch, mocker, tmp_path, fixtures and xdist, with failures,
// errors, skips and xfails on purpose. Needs .venv-test (npm run setup:test): skipped locally
// without it, a failure in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { parsePytestVerbose } from '../helpers/outcomes.mjs';
import { missingRequirement, runFlakescope, runPlain, venvPython } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

const SUITE = fileURLToPath(new URL('./pytest-suite/', import.meta.url));
/** The suite's test count: fewer parsed means the parse or the suite broke. */
const TESTS_IN_SUITE = 21;

const variants: Array<[string, string[]]> = [
  ['in one process', []],
  ['with pytest-xdist -n 2', ['-n', '2']],
];

for (const [name, extra] of variants) {
  t.test(`pytest ${name}: same outcomes with and without flakescope`, async (t) => {
    if (!requireOrSkip(t, missingRequirement({ python: 'venv', requires: ['pytest', 'xdist', 'pytest_mock'] }))) return;
    const out = mkdtempSync(join(tmpdir(), 'flakescope-pydiff-'));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const command = [venvPython, '-m', 'pytest', '-v', ...extra];

    const plain = runPlain(command, SUITE);
    const expected = parsePytestVerbose(plain.output);
    t.equal(expected.size, TESTS_IN_SUITE, 'plain run parsed every test', { output: plain.output });
    t.same(new Set(expected.values()), new Set(['pass', 'fail', 'error', 'skip']), 'the suite has every outcome');

    const traced = runFlakescope(command, { cwd: SUITE, out, flags: ['--fail-on', 'never', '--quiet'] });
    const diagnostics = { stderr: traced.stderr.slice(-4000) };
    t.same(Object.fromEntries(parsePytestVerbose(traced.stdout + traced.stderr)), Object.fromEntries(expected), 'identical per-test outcomes', diagnostics);
    const report = traced.report as Report | null;
    if (!report) {
      t.fail('report.json was not written', diagnostics);
      return;
    }
    t.equal(report.runs[0]?.exitCode, plain.exitCode, 'same suite exit code');
    const reported = new Set(report.tests.map((x) => x.id));
    t.same([...expected.keys()].filter((id) => !reported.has(id)), [], 'every test in report.json under its node id');
    t.same(report.warnings.filter((w) => /shim/.test(w.where)), [], 'no shim internal error');
  });
}
