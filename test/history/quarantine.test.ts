import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { activeQuarantine, expiredWarnings, markQuarantined, readQuarantine, writeQuarantine, type QuarantineEntry } from '../../src/history/quarantine.js';
import { failureReasons } from '../../src/report/exit-code.js';
import type { Report, RunSummary, TestSummary } from '../../src/report/model.js';
import type { Finding } from '../../src/check/finding.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const entry = (id: string, until: string | null = null): QuarantineEntry => ({ id, reason: 'flaky', by: 'me', added: '2026-05-01T00:00:00Z', until });
const run = (exitCode: number, signal: string | null = null): RunSummary => ({ index: 0, exitCode, signal, durationMs: 1, perturbation: {}, order: 'default' });
const test = (id: string, failed: number, passed: number): TestSummary => ({
  id, outcomes: { passed, failed, error: 0, skipped: 0, hang: 0, crashed: 0 }, verdict: failed === 0 ? 'pass' : passed === 0 ? 'fail' : 'flaky', failureRate: { estimate: 0, low: 0, high: 1 },
});
const flakyFinding = (id: string): Finding => ({ id: `flaky:${id}`, kind: 'flaky', severity: 'error', test: id, site: null, message: 'm', evidence: {} });
const report = (tests: TestSummary[], findings: Finding[], runs: RunSummary[]): Report => ({
  schemaVersion: 1, tool: { name: 'flakescope', version: '1' }, command: [], runs, tests, sleeps: [], patches: [], fixtures: [], findings, warnings: [],
});

t.test('a run whose only failures are quarantined passes; any other failure or finding still fails it', async (t) => {
  const q = activeQuarantine({ version: 1, tests: [entry('a.T.test_flaky'), entry('a.T.test_broken')] }, NOW);
  const onlyQuarantined = markQuarantined(report([test('a.T.test_flaky', 2, 2), test('a.T.test_broken', 4, 0), test('a.T.ok', 0, 4)], [flakyFinding('a.T.test_flaky')], [run(1), run(1)]), q);
  t.same(onlyQuarantined.tests.map((x) => x.quarantined ?? false), [true, true, false]);
  t.equal(onlyQuarantined.findings[0]?.quarantined, true);
  t.same(failureReasons(onlyQuarantined, 'error'), [], 'quarantined failures, findings and the command exits they explain do not count');
  t.same(failureReasons(report(onlyQuarantined.tests, onlyQuarantined.findings, [run(1)]), 'error'), []);

  const other = markQuarantined(report([test('a.T.test_flaky', 2, 2), test('b.T.other', 1, 3)], [flakyFinding('a.T.test_flaky'), flakyFinding('b.T.other')], [run(1)]), q);
  t.match(failureReasons(other, 'error'), [/1 finding/, /command failed/], 'an unquarantined flaky test still fails the run');
  const killed = markQuarantined(report([test('a.T.test_flaky', 1, 0)], [], [run(-9, 'SIGKILL')]), q);
  t.match(failureReasons(killed, 'error'), [/command failed/], 'a killed run is not excused by a quarantine');
  const unmarked = report([test('a.T.test_flaky', 2, 2)], [flakyFinding('a.T.test_flaky')], [run(1)]);
  t.match(failureReasons(unmarked, 'error'), [/finding/], 'without the quarantine the same report fails');
});

t.test('an expired quarantine no longer applies and is a warning', async (t) => {
  const q = activeQuarantine({ version: 1, tests: [entry('old', '2026-05-15T00:00:00Z'), entry('current', '2026-07-01T00:00:00Z')] }, NOW);
  t.same([...q.tests.keys()], ['current']);
  t.same(q.expired.map((e) => e.id), ['old']);
  t.match(expiredWarnings(q), [{ where: '.flakescope/quarantine.json', message: /old expired on 2026-05-15.*count again/ }]);
});

t.test('quarantine.json round-trips; a missing file is an empty list, a broken one an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-quarantine-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.same(await readQuarantine(dir), { version: 1, tests: [] });
  await writeQuarantine(dir, { version: 1, tests: [entry('z'), entry('a', '2026-07-01T00:00:00.000Z')] });
  const back = await readQuarantine(dir);
  t.same(back.tests.map((e) => e.id), ['a', 'z'], 'sorted by id, so diffs stay small');
  t.match(readFileSync(join(dir, '.flakescope', '.gitignore'), 'utf8'), /!quarantine\.json/, 'the folder ignores everything but the list');
  mkdirSync(join(dir, 'broken', '.flakescope'), { recursive: true });
  writeFileSync(join(dir, 'broken', '.flakescope', 'quarantine.json'), '{"tests": [{"id": 1}]}');
  await t.rejects(readQuarantine(join(dir, 'broken')), { name: 'UsageError', message: /expected/ });
});
