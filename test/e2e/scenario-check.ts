// What a scenario's run must match in expect.json: exactly the same findings (kind, test, file, line,
// target, victims, polluter), exit code, test verdicts, plus the fields of scenarios/PERTURB-FIELDS.md
// (sleeps, passesInEveryRun, noProcessLeft). Shared by scenarios.test.ts and repro-check.ts, so a
// scenario whose reproducers are checked is run once for both.
import type { Test } from 'tap';
import type { Report } from '../../src/report/model.js';
import { compareFindings, comparePassesInEveryRun, compareSleeps, compareTests, type Expect } from '../helpers/scenarios.mjs';
import { processesMarked } from '../helpers/processes.mjs';

export function checkScenarioRun(t: Test, run: { exitCode: number | null; stdout: string; stderr: string; report: unknown }, expect: Expect, out: string): Report | null {
  const diagnostics = { stdout: run.stdout, stderr: run.stderr };
  if (expect.noProcessLeft) t.same(processesMarked(out), [], 'no process of the run is left once flakescope exits');
  t.equal(run.exitCode, expect.exitCode, 'exit code', diagnostics);
  const report = run.report as Report | null;
  if (!report) {
    t.fail('report.json was not written', diagnostics);
    return null;
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
  return report;
}
