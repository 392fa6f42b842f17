// Representative scenarios under every supported Python besides python3 (scenarios.test.ts runs them
// all under it): report.json must match expect.json exactly, as there — the same findings (kind,
// test, file, line, target, victims), exit code and verdicts. They cover leaked patches (started in a
// test and in setUp, seen by victims in other modules) on every Python, and on the oldest and the
// newest also decorators and context managers that must not be reported, leaked threads/fds/children/env
// and a traced subprocess (see MORE). A missing Python fails in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { compareFindings, compareTests, flagsFor, loadScenarios, runFlakescope } from '../helpers/scenarios.mjs';
import { PATH_PYTHON, SUPPORTED_PYTHONS, missingPython, pyenvPython } from '../helpers/pythons.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

/** Plain-unittest scenarios (python3, stdlib only), one run each: ~1.5 s of CPU apiece. The leaked
 *  patches and their victims run on every Python; the rest on the oldest and the newest. */
const EVERY_PYTHON = ['unittest-two-leaks-mixed', 'patch-object-cross-module-victims'];
const MORE: Record<string, string[]> = {
  // Not leak-unittest-resources on 3.8, a known gap: 3.8 has no threading._register_atexit, so the
  // shim's exit snapshot comes after threading has joined the non-daemon threads, and a thread a test
  // leaked is missed when no snapshot between saw it alive past its grace period (1 run in 3 here).
  // 3.9 runs it instead.
  '3.8': ['unittest-scoped-patches-clean', 'runner-subprocess'],
  '3.9': ['leak-unittest-resources'],
  '3.13': ['unittest-scoped-patches-clean', 'leak-unittest-resources', 'runner-subprocess'],
};
const REPRESENTATIVE = [...new Set([...EVERY_PYTHON, ...Object.values(MORE).flat()])];
const others = SUPPORTED_PYTHONS.filter((v) => v !== PATH_PYTHON);

const scenarios = loadScenarios().filter((s) => REPRESENTATIVE.includes(s.name));

t.test('every representative scenario exists and runs on the plain python3', async (t) => {
  t.same(scenarios.map((s) => s.name).sort(), [...REPRESENTATIVE].sort());
  for (const s of scenarios) t.same([s.expect.python, s.expect.requires ?? [], s.expect.flakescopeArgs ?? []], ['python3', [], []], s.name);
});

for (const version of others) {
  t.test(`scenarios under Python ${version}`, async (t) => {
    if (!requireOrSkip(t, missingPython(version))) return;
    const python = pyenvPython(version) as string;
    for (const { name, dir, expect } of scenarios.filter((s) => [...EVERY_PYTHON, ...(MORE[version] ?? [])].includes(s.name))) {
      const out = mkdtempSync(join(tmpdir(), `flakescope-py${version}-${name}-`));
      t.teardown(() => rmSync(out, { recursive: true, force: true }));
      const command = expect.command.map((arg) => arg.replaceAll('{python}', python));
      const run = runFlakescope(command, { cwd: dir, out, flags: [...flagsFor(expect), '--no-repro'] });
      const diagnostics = { stdout: run.stdout, stderr: run.stderr };
      t.equal(run.exitCode, expect.exitCode, `${name}: exit code`, diagnostics);
      const report = run.report as Report | null;
      if (!report) {
        t.fail(`${name}: report.json was not written`, diagnostics);
        continue;
      }
      const findings = compareFindings(report, expect);
      t.same(findings.missing, [], `${name}: recall ${findings.found}/${findings.expected}`, { reported: report.findings });
      t.same(findings.unexpected, [], `${name}: precision`, { reported: report.findings });
      const tests = compareTests(report, expect);
      t.same(tests.wrong, [], `${name}: verdict of every listed test`);
      t.same(tests.extra, [], `${name}: no test that expect.json does not list`);
    }
  });
}
