// Rule 1 of the shim: it changes no outcome. Real suites that exercise mock.patch heavily run
// with and without flakescope: identical per-test outcomes (parsed from unittest -v) and every
// test present in report.json under its unittest id().
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { parseUnittestVerbose } from '../../scripts/lib/outcomes.mjs';
import { runFlakescope, runPlain } from '../../scripts/lib/scenarios.mjs';
import { requireOrSkip } from '../../scripts/lib/requirements.mjs';

interface Suite {
  name: string;
  python: string;
  modules: string[];
  /** Fewer tests than this means the parse or the suite broke, not that it is fine. */
  atLeast: number;
}

const suites: Suite[] = [
  {
    name: 'CPython contextlib, with, threading_local and mock tests (pyenv python3)',
    python: 'python3',
    modules: ['test.test_contextlib', 'test.test_with', 'test.test_threading_local', 'unittest.test.testmock'],
    atLeast: 600,
  },
  {
    // Debian ships no `test` package; mock's and fixtures' own tests patch heavily and run under
    // Debian's sitecustomize, which the shim must chain.
    name: 'mock backport and fixtures patch tests (Debian /usr/bin/python3)',
    python: '/usr/bin/python3',
    modules: [
      'mock.tests.testpatch',
      'mock.tests.testwith',
      'fixtures.tests._fixtures.test_mockpatch',
      'fixtures.tests._fixtures.test_monkeypatch',
    ],
    atLeast: 150,
  },
];

function missing(suite: Suite): string | null {
  const probe = spawnSync(suite.python, ['-c', `import ${suite.modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${suite.python} cannot import ${suite.modules.join(' ')}`;
  return null;
}

for (const suite of suites) {
  t.test(suite.name, async (t) => {
    if (!requireOrSkip(t, missing(suite))) return;
    const cwd = mkdtempSync(join(tmpdir(), 'flakescope-diff-'));
    t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
    const command = [suite.python, '-m', 'unittest', '-v', ...suite.modules];

    const plain = runPlain(command, cwd);
    const expected = parseUnittestVerbose(plain.output);
    t.ok(expected.size >= suite.atLeast, `plain run parsed ${expected.size} tests (>= ${suite.atLeast})`);

    // --fail-on never: findings inside these suites (they test patching itself) are not the point here.
    const traced = runFlakescope(command, { cwd, out: join(cwd, 'out'), flags: ['--fail-on', 'never'] });
    const diagnostics = { stderr: traced.stderr.slice(-4000) };
    const actual = parseUnittestVerbose(`${traced.stdout}${traced.stderr}`);
    t.same(Object.fromEntries(actual), Object.fromEntries(expected), 'identical per-test outcomes', diagnostics);
    t.equal(traced.exitCode, 0, 'flakescope exit 0 with --fail-on never', diagnostics);

    const report = traced.report as Report | null;
    if (!report) {
      t.fail('report.json was not written', diagnostics);
      return;
    }
    t.equal(report.runs[0]?.exitCode, plain.exitCode, 'the suite exit code recorded in runs[0]');
    const reported = new Set(report.tests.map((test) => test.id));
    const absent = [...expected.keys()].filter((id) => !reported.has(id));
    t.same(absent, [], 'every test of the -v output is in report.json tests');
  });
}
