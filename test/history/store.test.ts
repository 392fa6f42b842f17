// The same records give the same answers from SQLite and from a real PostgreSQL server (one server for
// this file, started from Debian's packages; a failure in CI when it cannot start).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { missingPostgres, startPostgres } from '../helpers/postgres.mjs';
import { activeQuarantine } from '../../src/history/quarantine.js';
import { quarantineCandidates, rankTests } from '../../src/history/rank.js';
import type { HistoryRecord, TestOutcome } from '../../src/history/model.js';
import type { HistoryStore } from '../../src/history/store.js';
import { openHistory, type HistoryTarget } from '../../src/history/target.js';
import { SCHEMA_VERSION } from '../../src/history/schema.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const NOW = T0 + 20 * DAY;

const outcome = (test: string, passed: number, failed: number, message: string | null = null): TestOutcome =>
  ({ test, passed, failed, skipped: 0, seconds: passed + failed, failedSeconds: failed * 2, reruns: Math.min(failed, passed + failed - 1), message });

function rec(key: string, commit: string | null, day: number, outcomes: TestOutcome[], extra: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    key, source: 'run', commit, branch: 'main', commitTime: commit === null ? null : T0 + day * DAY, recordedAt: T0 + day * DAY + 60_000,
    group: commit ?? `@${key}`, machine: 'm', command: ['python3', '-m', 'unittest'], perturbations: [{}], repetitions: 4, traced: true,
    outcomes, findings: [], ...extra,
  };
}

/** Recorded out of commit order on purpose: "flaky since" must follow the commits' times, not the recording order. */
const RECORDS: HistoryRecord[] = [
  rec('r3', 'c3', 3, [outcome('m.T.flaky', 1, 3, 'AssertionError: late'), outcome('m.T.ok', 4, 0)], {
    findings: [{ id: 'leaked-patch:1', kind: 'leaked-patch', severity: 'error', test: 'm.T.polluter', message: 'patch left active', site: { file: 'm.py', line: 7 }, evidence: { victims: ['m.T.flaky'], reproduce: { argv: ['python3'], env: {}, cwd: '/p' } }, victims: ['m.T.flaky'] }],
  }),
  rec('r1', 'c1', 1, [outcome('m.T.flaky', 4, 0), outcome('m.T.ok', 4, 0), outcome('m.T.broken', 0, 4, 'ImportError')]),
  rec('r2', 'c2', 2, [outcome('m.T.flaky', 2, 2, 'AssertionError: early'), outcome('m.T.ok', 4, 0)]),
  rec('imp', 'c3', 3, [outcome('ci.Net.connect', 1, 1, 'timeout'), outcome('m.T.flaky', 1, 0)], { source: 'import', traced: false, repetitions: 1 }),
  rec('local', null, 4, [outcome('m.T.broken', 0, 2)]),
];

async function scenario(target: HistoryTarget) {
  const store: HistoryStore = await openHistory(target);
  try {
    await store.recordAll(RECORDS);
    // `check` of r2's folder re-records it: replaced, keeping r2's commit and time.
    const again = await store.record({ ...rec('r2', 'c-elsewhere', 9, [outcome('m.T.flaky', 2, 2, 'AssertionError: early'), outcome('m.T.ok', 4, 0)]), source: 'check' });
    // A merge replaces its shards' records.
    await store.record(rec('shard-1', 'c4', 4, [outcome('m.T.ok', 1, 0)]));
    await store.record(rec('merged', 'c4', 4, [outcome('m.T.ok', 2, 0)], { source: 'merge', supersedes: ['shard-1'] }));
    const totals = await store.totals(0);
    const ids = totals.map((x) => x.test);
    const result = rankTests({
      totals, failures: await store.lastFailures(ids, 0), findings: await store.findings(0), trends: await store.trends(ids, 0),
      quarantine: activeQuarantine({ version: 1, tests: [] }, NOW), now: NOW,
    });
    return { again, size: await store.size(), version: await store.version(), result, since: await store.totals(T0 + 3 * DAY) };
  } finally {
    await store.close();
  }
}

t.test('SQLite and PostgreSQL give the same ranking from the same records', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lite = await scenario({ kind: 'sqlite', file: join(dir, '.flakescope', 'history.db') });

  t.equal(lite.again, 'replaced');
  t.same(lite.size, { records: 6, outcomes: 11 }, 'the shard record went with the merge that replaced it');
  t.equal(lite.version, SCHEMA_VERSION);
  const [first, second, third] = lite.result;
  t.same(lite.result.map((x) => x.id), ['m.T.flaky', 'ci.Net.connect', 'm.T.broken'], 'flaky tests by the lower end of their interval, then the never-flaky one');
  t.match(first, {
    runs: 13, failures: 5, flakyFailures: 5, verdict: 'flaky',
    flakySince: { commit: 'c2', date: new Date(T0 + 2 * DAY).toISOString(), days: 18, runs: 9 },
    lastFailure: { commit: 'c3', message: 'AssertionError: late' },
    cost: { seconds: 10, reruns: 5 },
  });
  t.equal(first?.flakeRate, 5 / 9, 'failures at flaky commits over the runs since the first one');
  t.match(first?.findings, [{ id: 'leaked-patch:1', role: 'victim', reproduce: { argv: ['python3'] } }], "a polluter's finding explains its victim");
  t.same(first?.trend?.map((p) => [p.commit, p.runs, p.failures]), [['c1', 4, 0], ['c2', 4, 2], ['c3', 5, 3]]);
  t.match(second, { flakeRate: 0.5, flakySince: { commit: 'c3' } });
  t.match(third, { verdict: 'failing', flakeRate: 0, flakySince: null }, 'failing at one commit and once outside git is no flakiness');
  t.same(quarantineCandidates(lite.result, 0.05, 10).map((c) => c.id), ['m.T.flaky']);
  t.same(lite.since.map((x) => x.test).sort(), ['ci.Net.connect', 'm.T.broken', 'm.T.flaky'], '--since keeps the later records only');

  if (!requireOrSkip(t, missingPostgres())) return;
  const server = await startPostgres();
  t.teardown(() => server.stop());
  const pg = await scenario({ kind: 'postgres', url: server.url });
  t.same(pg, lite, 'PostgreSQL answers exactly as SQLite');
  const reopened = await openHistory({ kind: 'postgres', url: server.url });
  t.equal((await reopened.size()).records, 6, 'opening an existing store migrates nothing and loses nothing');
  await reopened.close();
});

t.test('a store written by a newer flakescope is refused, not misread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'h.db');
  const store = await openHistory({ kind: 'sqlite', file });
  await store.close();
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(file);
  db.prepare('UPDATE flakescope_meta SET value = ? WHERE key = ?').run(String(SCHEMA_VERSION + 1), 'schema_version');
  db.close();
  await t.rejects(openHistory({ kind: 'sqlite', file }), { name: 'ToolError', message: /newer/ });
});
