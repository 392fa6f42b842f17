// A sleep scope that matched no sleep that ran (a typo in `sleep-scale=0,3@PATH`): a warning, and no
// run is spent on it; with nothing else in the plan the session ends after the baseline and sweep.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runFlakescope, scenariosRoot } from '../helpers/scenarios.mjs';

t.test('--perturb sleep-scale=0,3@<a path no sleep ran in>', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'flakescope-scope-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const run = runFlakescope(['python3', '-m', 'unittest', '-v'], {
    cwd: join(scenariosRoot, 'timing-harmless-sleep'), out, flags: ['--runs', 'auto', '--no-repro', '--perturb', 'sleep-scale=0,3@nowhere/test_export.py'],
  });
  const report = run.report as Report | null;
  if (!report) return t.fail('no report', { stderr: run.stderr });
  t.match(report.warnings.map((w) => w.message).join('\n'), /sleep-scale=0,3@nowhere\/test_export\.py: no sleep in a file matching "nowhere\/test_export\.py" ran/);
  t.ok(report.runs.length <= 2 && report.runs.every((r) => r.perturbation.sleepScale === undefined), 'the baseline and the sweep, no scaled run', { runs: report.runs });
  t.equal(run.exitCode, 0);
});
