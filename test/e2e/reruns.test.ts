// Issue 5 acceptance on real code: nova's test_bug_1896463 under sleep scaling, both of its sleeps
// (lines 193 and 204) applied at 0x and 3x, and the report says how much of the test's time they
// cost. A scale that zeroes both at once says nothing about either (issue 21): they stay null until
// each is perturbed on its own, which `--runs auto` does (too long a session for CI: checked by hand,
// see docs/reruns.md). The other issue-5 acceptance cases (the sleep race, the
// order-dependent pair, the hang one run in three, the ~5% flake, the CPU deadline) are scenarios:
// test/e2e/scenarios.test.ts runs them with their flakescopeArgs against expect.json (verdicts,
// sleeps[].outcomeDependsOnIt, polluter, passesInEveryRun, noProcessLeft) and
// test/e2e/scenarios-plain.test.ts shows the sleep race passing 30 of 30 plain runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { runFlakescope } from '../helpers/scenarios.mjs';

const PYTHON = '/usr/bin/python3';
const MODULE = 'nova.tests.functional.regressions.test_bug_1896463';
const FILE = 'nova/tests/functional/regressions/test_bug_1896463.py';
const PASTE_INI = '/usr/lib/python3/dist-packages/etc/nova/api-paste.ini';
/** The two sleeps sleep 1 s and 2 s of a test that takes about 7.5 s plain: together well over a fifth. */
const MIN_COMBINED_SHARE = 0.2;
/** Slack on "scaled sleeps slept 0x + 1x + 3x the plain time": eventlet wakes a few ms late per call. */
const SCALED_TOLERANCE = 0.1;

function missing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', `import ${MODULE}`], { cwd: tmpdir(), encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${PYTHON} cannot import ${MODULE} (run \`npm run setup:test\`)`;
  if (!existsSync(PASTE_INI)) return `${PASTE_INI} is missing (run \`npm run setup:test\`)`;
  return null;
}

// A uniform 0x scale would also zero nova's own polling sleeps (integrated_helpers.py:139,
// scheduler/client/report.py:161...) and fail the test for a reason that is not its two sleeps, so
// the scale is scoped to the test's file: everything else sleeps at 1x.
const SCOPED = `sleep-scale=0,3@${FILE}`;

t.test('nova test_bug_1896463 under a scoped sleep scale: both sleeps scaled, their cost reported, no claim without runs of each alone', async (t) => {
  if (!requireOrSkip(t, missing())) return;
  const cwd = mkdtempSync(join(tmpdir(), 'flakescope-nova-reruns-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));

  // A baseline, then one run with the test file's sleeps at 0x and one at 3x.
  const run = runFlakescope([PYTHON, '-m', 'testtools.run', MODULE], { cwd, out: join(cwd, 'out'), flags: ['--runs', '3', '--perturb', SCOPED] });
  const diagnostics = { stdout: run.stdout.slice(-4000), stderr: run.stderr.slice(-4000) };
  const report = run.report as Report | null;
  if (!report) {
    t.fail('report.json was not written', diagnostics);
    return;
  }
  t.same(report.runs.map((r) => r.perturbation), [{}, { sleepScale: 0, sleepScope: FILE }, { sleepScale: 3, sleepScope: FILE }], 'baseline, then 0x and 3x scoped to the test file', { runs: report.runs });
  const test = report.tests.find((x) => x.id.startsWith(`${MODULE}.`));
  t.equal(test?.verdict, 'pass', 'the nova test passes under every scale', diagnostics);
  t.equal(test?.outcomes.passed, 3, 'passed in all 3 runs');
  t.notOk(report.findings.some((f) => f.kind === 'timing-sensitive'), 'no timing-sensitive finding');

  let combined = 0;
  for (const line of [193, 204]) {
    const sleep = report.sleeps.find((s) => s.site.file.endsWith(FILE) && s.site.line === line);
    t.ok(sleep, `the sleep at :${line} is in the report`, { sleeps: report.sleeps });
    t.equal(sleep?.outcomeDependsOnIt, null, `outcomeDependsOnIt null at :${line}: never scaled on its own`);
    t.match(sleep?.reason, new RegExp(`not yet run with \\S*${FILE}:${line} at 0x`), 'the reason names the missing condition');
    // One call per run at 1x, 0x and 3x sleeps 4 times the plain duration in all: proof both scales applied here.
    const plainMs = (sleep?.secondsPerRun ?? 0) * 1000;
    t.ok(plainMs > 0 && Math.abs((sleep?.totalMs ?? 0) - 4 * plainMs) < plainMs * SCALED_TOLERANCE, `:${line} slept ${sleep?.totalMs} ms over the 3 runs, ${plainMs} ms plain`);
    const share = sleep?.shareOfTestTime ?? null;
    t.ok(share !== null && share > 0 && share < 1, `the sleep at :${line} has its share of the test's time (${share})`);
    combined += share ?? 0;
  }
  const outside = report.sleeps.filter((s) => !s.site.file.endsWith(FILE));
  t.ok(outside.length > 0, "nova's own sleeps outside the test file are in the report");
  t.same(outside.filter((s) => s.outcomeDependsOnIt !== null).map((s) => s.site), [], 'sleeps outside the scope were never scaled: not judged (null)');
  t.ok(combined >= MIN_COMBINED_SHARE && combined <= 1, `together the two sleeps cost ${Math.round(combined * 100)}% of the test's time`);
});
