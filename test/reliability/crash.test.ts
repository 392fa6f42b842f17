// Crash safety (issue 8): a suite whose process dies mid-test (SIGKILL, os._exit) still gets a
// report: exit 1 (a finding-level result, never 3), earlier results kept, the dying test `crashed`,
// the signal or exit code named. Ground truth: scenarios/crash-*/crash.json (see scenarios/README.md).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { commandFor, missingRequirement, runFlakescope, scenariosRoot } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

interface CrashExpect {
  python: string;
  command: string[];
  exitCode: number;
  signal: string | null;
  runExitCode: number | null;
  tests: Record<string, { verdict: string; passed?: number; crashed?: number }>;
  warning: string;
}

const crashScenarios = readdirSync(scenariosRoot)
  .filter((name) => name.startsWith('crash-') && existsSync(join(scenariosRoot, name, 'crash.json')))
  .sort();

t.test('there are crash scenarios for SIGKILL and os._exit', async (t) => {
  t.ok(crashScenarios.length >= 2, crashScenarios.join(', '));
});

for (const name of crashScenarios) {
  t.test(name, async (t) => {
    const dir = join(scenariosRoot, name);
    const expect = JSON.parse(readFileSync(join(dir, 'crash.json'), 'utf8')) as CrashExpect;
    if (!requireOrSkip(t, missingRequirement({ ...expect, requires: [] }))) return;
    const out = mkdtempSync(join(tmpdir(), `flakescope-${name}-`));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));

    const run = runFlakescope(commandFor(expect), { cwd: dir, out });
    const diagnostics = { stdout: run.stdout, stderr: run.stderr };
    t.equal(run.exitCode, expect.exitCode, 'flakescope exit code (1, not 3)', diagnostics);
    t.notMatch(run.stderr, /internal error/, 'no internal error', diagnostics);
    const report = run.report as Report | null;
    if (!report) {
      t.fail('report.json was not written', diagnostics);
      return;
    }
    t.equal(report.runs[0]?.signal ?? null, expect.signal, 'runs[0].signal names the signal');
    t.equal(report.runs[0]?.exitCode ?? null, expect.runExitCode, 'runs[0].exitCode');
    for (const [id, want] of Object.entries(expect.tests)) {
      const got = report.tests.find((x) => x.id === id);
      t.equal(got?.verdict, want.verdict, `${id}: verdict`);
      if (want.passed !== undefined) t.equal(got?.outcomes.passed, want.passed, `${id}: result kept`);
      if (want.crashed !== undefined) t.equal(got?.outcomes.crashed, want.crashed, `${id}: crashed`);
    }
    t.same(report.tests.map((x) => x.id).sort(), Object.keys(expect.tests).sort(), 'the test after the crash never ran');
    t.ok(report.warnings.some((w) => new RegExp(expect.warning).test(w.message)), 'a warning names the crashed test and what ended it', { warnings: report.warnings });
    t.same(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind (atomic writes)');
  });
}
