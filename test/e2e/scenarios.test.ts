// Every scenario through the built CLI with its flakescopeArgs: report.json must match expect.json
// exactly — the same findings (kind, test, file, line, target, victims, polluter), exit code, test
// verdicts — plus the issue-5 fields of scenarios/PERTURB-FIELDS.md (sleeps, passesInEveryRun,
// noProcessLeft).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import {
  commandFor,
  compareFindings,
  comparePassesInEveryRun,
  compareSleeps,
  compareTests,
  flagsFor,
  loadScenarios,
  missingRequirement,
  runFlakescope,
} from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { processesMarked } from '../helpers/processes.mjs';

for (const { name, dir, expect } of loadScenarios()) {
  t.test(name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(expect))) return;
    const out = mkdtempSync(join(tmpdir(), `flakescope-e2e-${name}-`));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));

    // Reproducers (replays after the analysis) are checked by test/e2e/repro.test.ts; they change no finding.
    const run = runFlakescope(commandFor(expect), { cwd: dir, out, flags: [...flagsFor(expect), '--no-repro'] });
    const diagnostics = { stdout: run.stdout, stderr: run.stderr };
    if (expect.noProcessLeft) t.same(processesMarked(out), [], 'no process of the run is left once flakescope exits');
    t.equal(run.exitCode, expect.exitCode, 'exit code', diagnostics);
    const report = run.report as Report | null;
    if (!report) {
      t.fail('report.json was not written', diagnostics);
      return;
    }

    const findings = compareFindings(report, expect);
    t.same(findings.missing, [], `recall: ${findings.found}/${findings.expected} expected findings reported`, {
      reported: report.findings,
    });
    t.same(findings.unexpected, [], 'precision: no finding beyond expect.json', { reported: report.findings });
    t.same(findings.wrong, [], 'severity and occurrences where expect.json gives them');

    const tests = compareTests(report, expect);
    t.same(tests.wrong, [], 'verdict of every listed test');
    t.same(tests.extra, [], 'no test that expect.json does not list');
    if (expect.sleeps) t.same(compareSleeps(report, expect), [], 'outcomeDependsOnIt of every listed sleep site', { sleeps: report.sleeps });
    if (expect.passesInEveryRun) t.same(comparePassesInEveryRun(report, expect), [], 'passes in every run', { tests: report.tests });
  });
}
