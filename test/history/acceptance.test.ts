// Issue 26's acceptance, end to end through the CLI: a git repository whose second commit makes a test
// flaky, `run --runs 4` at each commit, CI's JUnit imported for a third commit; `history` ranks the
// flaky test first, flaky since the second commit, with the imported flaky test listed; `run
// --new-tests` at the first commit reruns only the changed test and fails on it; after
// `quarantine add`, a run whose only failures are quarantined exits 0 and report.json marks them. The
// same sessions recorded into a real PostgreSQL server (by `check` of each run's folder, at the same
// commit) give the same ranking.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { missingPostgres, startPostgres } from '../helpers/postgres.mjs';
import { cliPath } from '../helpers/scenarios.mjs';
import type { Report } from '../../src/report/model.js';
import type { HistoryResult } from '../../src/history/result.js';

const STABLE = `import unittest


class T(unittest.TestCase):
    def test_stable(self):
        self.assertTrue(True)

    def test_target(self):
        self.assertTrue(True)
`;

/** Fails on every other run: a counter file next to the test (untracked, so the checkout stays clean). */
const FLAKY = `import os, unittest

COUNTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.counter')


def bump():
    n = int(open(COUNTER).read()) if os.path.exists(COUNTER) else 0
    with open(COUNTER, 'w') as f:
        f.write(str(n + 1))
    return n


class T(unittest.TestCase):
    def test_stable(self):
        self.assertTrue(True)

    def test_target(self):
        self.assertEqual(bump() % 2, 0, 'odd run')
`;

const CI_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="test_mod" tests="3">
  <testcase classname="test_mod.T" name="test_stable" time="0.001"/>
  <testcase classname="test_mod.T" name="test_target" time="0.001"/>
  <testcase classname="test_net.N" name="test_connect" time="0.8"><flakyFailure message="ConnectionResetError" type="E"><stackTrace>...</stackTrace></flakyFailure></testcase>
</testsuite>
`;
const THIRD_COMMIT = '3333333333333333333333333333333333333333';

t.test('history ranks the test a commit made flaky first, quarantine keeps the run green; PostgreSQL agrees', async (t) => {
  const repo = mkdtempSync(join(tmpdir(), 'flakescope-history-e2e-'));
  t.teardown(() => rmSync(repo, { recursive: true, force: true }));
  const sh = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd: repo, encoding: 'utf8' });
  const fs = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const git = (...args: string[]) => sh('git', '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args);
  const commit = (source: string, message: string): string => {
    writeFileSync(join(repo, 'test_mod.py'), source);
    git('add', 'test_mod.py');
    git('commit', '-qm', message);
    return sh('git', 'rev-parse', 'HEAD').stdout.trim();
  };
  const RUN = ['run', '--runs', '4', '--no-repro', '--quiet'];
  const CMD = ['--', 'python3', '-m', 'unittest', 'test_mod'];
  git('init', '-q');

  const c1 = commit(STABLE, 'stable');
  t.equal(fs(...RUN, '--out', 'out1', ...CMD).status, 0, 'commit 1: all pass');
  const c2 = commit(FLAKY, 'make test_target flaky');
  const second = fs(...RUN, '--out', 'out2', ...CMD);
  t.equal(second.status, 1, 'commit 2: the flaky test fails the run', { stdout: second.stdout, stderr: second.stderr });
  writeFileSync(join(repo, 'ci.xml'), CI_JUNIT);
  t.equal(fs('import', 'junit', 'ci.xml', '--commit', THIRD_COMMIT, '--quiet').status, 0, 'CI JUnit imported for a third commit');

  const history = (...extra: string[]): HistoryResult => {
    const r = fs('history', '--format', 'json', ...extra);
    t.equal(r.status, 0, 'history exits 0', { stderr: r.stderr });
    return JSON.parse(r.stdout) as HistoryResult;
  };
  const lite = history();
  t.equal(lite.tests[0]?.id, 'test_mod.T.test_target', 'the flaky test ranks first', { ranking: lite.tests.map((x) => [x.id, x.flakeRate, x.interval]) });
  t.match(lite.tests[0], { runs: 9, failures: 2, flakySince: { commit: c2, runs: 5 }, lastFailure: { commit: c2, message: /odd run/ } });
  t.not(lite.tests[0]?.flakySince?.commit, c1);
  t.match(lite.tests[0]?.findings, [{ kind: 'flaky', site: { file: 'test_mod.py' } }], 'the finding that explains it, from the traced run');
  t.match(lite.tests.find((x) => x.id === 'test_net.N.test_connect'), { verdict: 'flaky', flakySince: { commit: THIRD_COMMIT } }, 'the imported flaky test is listed');
  t.notOk(lite.tests.some((x) => x.id === 'test_mod.T.test_stable'), 'a test that never failed is not listed');

  // Early flake detection: only the test commit 2 changed is rerun, and its flakiness fails the run.
  const early = fs('run', '--new-tests', c1, '--runs', '2', '--no-repro', '--quiet', '--out', 'out-new', '--history', 'off', ...CMD);
  t.equal(early.status, 1, '--new-tests fails on the flaky changed test', { stderr: early.stderr });
  const earlyReport = JSON.parse(readFileSync(join(repo, 'out-new', 'report.json'), 'utf8')) as Report;
  t.same(earlyReport.tests.map((x) => [x.id, x.verdict]), [['test_mod.T.test_target', 'flaky']], 'only the changed test ran');
  t.equal(fs('run', '--new-tests', 'HEAD', ...CMD).status, 0, 'nothing changed since HEAD: nothing to run');

  t.equal(fs('quarantine', 'add', 'test_mod.T.test_target', '--reason', 'flaky counter').status, 0);
  const quarantined = fs('run', '--runs', '2', '--no-repro', '--quiet', '--out', 'out3', '--history', 'off', ...CMD);
  t.equal(quarantined.status, 0, 'only quarantined failures: exit 0', { stdout: quarantined.stdout, stderr: quarantined.stderr });
  const report = JSON.parse(readFileSync(join(repo, 'out3', 'report.json'), 'utf8')) as Report;
  const target = report.tests.find((x) => x.id === 'test_mod.T.test_target');
  t.ok(target && target.outcomes.failed > 0, 'the quarantined test still ran and failed');
  t.equal(target?.quarantined, true, 'report.json marks the test');
  t.match(report.findings, [{ kind: 'flaky', test: 'test_mod.T.test_target', quarantined: true }], 'and its finding');
  t.equal(report.tests.find((x) => x.id === 'test_mod.T.test_stable')?.quarantined, undefined);
  t.equal(history().tests[0]?.quarantined, true, 'history shows the quarantine');

  if (!requireOrSkip(t, missingPostgres())) return;
  const server = await startPostgres();
  t.teardown(() => server.stop());
  git('checkout', '-q', c1);
  t.equal(fs('check', 'out1', '--quiet', '--history', server.url).status, 0);
  git('checkout', '-q', c2);
  t.equal(fs('check', 'out2', '--quiet', '--history', server.url).status, 0, 'check applies the quarantine too');
  t.equal(fs('import', 'junit', 'ci.xml', '--commit', THIRD_COMMIT, '--quiet', '--history', server.url).status, 0);
  const pg = history('--history', server.url);
  const ranking = (r: HistoryResult) => r.tests.map((x) => [x.id, x.runs, x.failures, x.flakeRate, x.interval, x.flakySince?.commit, x.lastFailure?.commit]);
  t.same(ranking(pg), ranking(lite), 'the same ranking from PostgreSQL');
  t.match(pg.store, /^postgres:\/\//);
});
