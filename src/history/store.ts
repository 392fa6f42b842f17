// The history store: records sessions (model.ts) and answers the questions `flakescope history` asks. Every query is written once, here, in SQL that SQLite and
// PostgreSQL both run; sqlite-store.ts and postgres-store.ts only connect and execute, so the same
// question gets the same answer from either store.
import { ToolError } from '../errors.js';
import type { FailureRow, HistoryRecord, StoredFinding, TestTotals, TrendRow } from './model.js';
import { META_TABLE, MIGRATIONS, SCHEMA_VERSION, type Dialect } from './schema.js';

/** What a dialect's connection does; everything else is shared. */
export interface SqlConnection {
  dialect: Dialect;
  /** Rows of a query with `?` placeholders. */
  all(sql: string, params?: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs fn in one transaction; `exclusive` also keeps other writers out (migrations). */
  transaction<T>(fn: () => Promise<T>, exclusive?: boolean): Promise<T>;
  /** Many outcome rows at once, in the column order of OUTCOME_COLUMNS. */
  insertOutcomes(rows: ReadonlyArray<readonly unknown[]>): Promise<void>;
  /** Adds the test names flakescope_tests lacks (ON CONFLICT DO NOTHING), many at once. */
  insertTestNames(names: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export const OUTCOME_COLUMNS = ['record_id', 'test_id', 'grp', 'grp_time', 'recorded_at', 'passed', 'failed', 'skipped', 'seconds', 'failed_seconds', 'reruns', 'message'] as const;

/** PostgreSQL returns BIGINT and SUM() as strings; both stores' rows go through this. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The tests that failed since the window's start, from the failures' partial index: a history query
 *  reads only their outcomes, not those of the many tests that never failed. */
const FAILED_TESTS_SQL = 'SELECT DISTINCT test_id FROM flakescope_outcomes WHERE failed > 0 AND recorded_at >= ?';

/** Per test of a list (ids given literally, so each planner knows how few they are and reads them by index):
 *  totals, failures at groups where it also passed, and the first such group. */
const totalsSql = (ids: number): string => `
WITH g AS MATERIALIZED (
  SELECT test_id, grp, MIN(grp_time) AS first_at, SUM(passed) AS p, SUM(failed) AS f, SUM(skipped) AS s,
         SUM(seconds) AS sec, SUM(failed_seconds) AS fsec, SUM(reruns) AS rr,
         MAX(CASE WHEN failed > 0 THEN recorded_at END) AS last_failed_at
  FROM flakescope_outcomes WHERE recorded_at >= ? AND test_id IN (${placeholders(ids)}) GROUP BY test_id, grp),
t AS (
  SELECT test_id, MIN(CASE WHEN p > 0 AND f > 0 THEN first_at END) AS since FROM g GROUP BY test_id)
SELECT n.name AS test, n.id AS test_id, SUM(g.p) AS passed, SUM(g.f) AS failed, SUM(g.s) AS skipped, SUM(g.sec) AS seconds,
  SUM(g.fsec) AS failed_seconds, SUM(g.rr) AS reruns,
  SUM(CASE WHEN g.p > 0 AND g.f > 0 THEN g.f ELSE 0 END) AS flaky_failures,
  SUM(CASE WHEN g.p > 0 AND g.f > 0 THEN 1 ELSE 0 END) AS flaky_groups,
  COUNT(*) AS grps, MAX(g.last_failed_at) AS last_failed_at, t.since AS flaky_since_at,
  MIN(CASE WHEN g.first_at = t.since AND g.p > 0 AND g.f > 0 THEN g.grp END) AS flaky_since_grp,
  SUM(CASE WHEN g.first_at >= t.since THEN g.p + g.f ELSE 0 END) AS runs_since
FROM g JOIN t ON t.test_id = g.test_id JOIN flakescope_tests n ON n.id = g.test_id
GROUP BY n.name, n.id, t.since`;

/** The tests of the newest session with their ids, each test's newest outcome looked up: the index
 *  pages a session like it changes when it is recorded (one per test, where its next outcome goes). */
const NEWEST_SESSION_SQL = `
SELECT n.name AS test, o.test_id AS test_id,
  (SELECT MAX(x.record_id) FROM flakescope_outcomes x WHERE x.test_id = o.test_id) AS newest
FROM flakescope_outcomes o JOIN flakescope_tests n ON n.id = o.test_id
WHERE o.record_id = (SELECT MAX(id) FROM flakescope_records)`;

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Bound parameters per statement in the IN lists below (SQLite allows 32766, PostgreSQL 65535). */
const IN_CHUNK = 500;

export class HistoryStore {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: SqlConnection, readonly description: string) {}

  get dialect(): Dialect {
    return this.db.dialect;
  }

  /** Creates the tables on first use and brings an older schema up to date. */
  async migrate(): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run(META_TABLE);
      const version = await this.version();
      if (version > SCHEMA_VERSION) {
        throw new ToolError(`${this.description} has history schema version ${version}, newer than this flakescope's ${SCHEMA_VERSION}; upgrade flakescope`);
      }
      for (const m of MIGRATIONS) {
        if (m.version <= version) continue;
        for (const statement of m.statements(this.db.dialect)) await this.db.run(statement);
      }
      if (version < SCHEMA_VERSION) {
        await this.db.run('DELETE FROM flakescope_meta WHERE key = ?', ['schema_version']);
        await this.db.run('INSERT INTO flakescope_meta (key, value) VALUES (?, ?)', ['schema_version', String(SCHEMA_VERSION)]);
      }
    }, true);
  }

  async version(): Promise<number> {
    const rows = await this.db.all('SELECT value FROM flakescope_meta WHERE key = ?', ['schema_version']);
    return rows.length === 0 ? 0 : Number(rows[0]?.value);
  }

  /** Reads ahead what recording a session like the newest one will touch, and learns its tests' ids: a
   *  store opened early (`run`, while its tests run) then records from memory instead of reading an index
   *  page per test, from a cold cache, while the user waits. */
  async readAhead(): Promise<void> {
    for (const r of await this.db.all(NEWEST_SESSION_SQL)) this.ids.set(String(r.test), num(r.test_id));
  }

  /** Records one session; a record with the same key is replaced (keeping when and where it was first made). */
  async record(rec: HistoryRecord): Promise<'added' | 'replaced'> {
    return this.db.transaction(() => this.recordOne(rec));
  }

  /** Many records in one transaction (imports). */
  async recordAll(recs: readonly HistoryRecord[]): Promise<Array<'added' | 'replaced'>> {
    return this.db.transaction(async () => {
      const out: Array<'added' | 'replaced'> = [];
      for (const rec of recs) out.push(await this.recordOne(rec));
      return out;
    });
  }

  private async recordOne(rec: HistoryRecord): Promise<'added' | 'replaced'> {
    for (const key of rec.supersedes ?? []) if (key !== rec.key) await this.deleteRecord(key);
    const [existing] = await this.db.all('SELECT id, commit_sha, branch, commit_time, grp, recorded_at FROM flakescope_records WHERE key = ?', [rec.key]);
    // `check` re-analyses a session already recorded: it keeps that session's commit, group and time.
    const kept = existing !== undefined && rec.source === 'check'
      ? { ...rec, commit: strOrNull(existing.commit_sha), branch: strOrNull(existing.branch), commitTime: numOrNull(existing.commit_time), group: String(existing.grp), recordedAt: num(existing.recorded_at) }
      : rec;
    // Groups are ordered by their commit's time when known, so "flaky since" names the earliest commit
    // whatever order its results were recorded or imported in.
    const groupTime = kept.commitTime ?? kept.recordedAt;
    if (existing !== undefined) await this.deleteRecord(rec.key);
    const rows = await this.db.all(
      `INSERT INTO flakescope_records (key, source, commit_sha, branch, commit_time, grp, recorded_at, machine, command, perturbations, repetitions, traced)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [rec.key, rec.source, kept.commit, kept.branch, kept.commitTime, kept.group, kept.recordedAt, rec.machine, JSON.stringify(rec.command),
        JSON.stringify(rec.perturbations), rec.repetitions, rec.traced ? 1 : 0],
    );
    const id = num(rows[0]?.id);
    const testIds = await this.testIds(rec.outcomes.map((o) => o.test));
    await this.db.insertOutcomes(rec.outcomes.map((o) => [id, testIds.get(o.test), kept.group, groupTime, kept.recordedAt, o.passed, o.failed, o.skipped, o.seconds, o.failedSeconds, o.reruns, o.message]));
    for (const f of rec.findings) {
      await this.db.run(
        'INSERT INTO flakescope_findings (record_id, finding_id, kind, severity, test, message, site, evidence, victims) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, f.id, f.kind, f.severity, f.test, f.message, f.site === null ? null : JSON.stringify(f.site), JSON.stringify(f.evidence), JSON.stringify(f.victims)],
      );
    }
    return existing !== undefined ? 'replaced' : 'added';
  }

  /** Ids of these test names, adding the new ones; known ids are remembered (a test's id never changes). */
  private async testIds(names: readonly string[]): Promise<Map<string, number>> {
    const unknown = [...new Set(names.filter((n) => !this.ids.has(n)))];
    if (unknown.length > 0) await this.db.insertTestNames(unknown);
    await this.knownIds(unknown);
    return this.ids;
  }

  /** Ids of the names the store knows (unknown ones are left out). */
  private async knownIds(names: readonly string[]): Promise<number[]> {
    const unknown = [...new Set(names.filter((n) => !this.ids.has(n)))];
    for (const chunk of chunks(unknown)) {
      const rows = await this.db.all(`SELECT id, name FROM flakescope_tests WHERE name IN (${placeholders(chunk.length)})`, chunk);
      for (const r of rows) this.ids.set(String(r.name), num(r.id));
    }
    return names.map((n) => this.ids.get(n)).filter((id): id is number => id !== undefined);
  }

  private async deleteRecord(key: string): Promise<void> {
    const rows = await this.db.all('SELECT id FROM flakescope_records WHERE key = ?', [key]);
    for (const r of rows) {
      await this.db.run('DELETE FROM flakescope_outcomes WHERE record_id = ?', [r.id]);
      await this.db.run('DELETE FROM flakescope_findings WHERE record_id = ?', [r.id]);
      await this.db.run('DELETE FROM flakescope_records WHERE id = ?', [r.id]);
    }
  }

  /** Every test that failed at least once since `since` (ms), with its totals. */
  async totals(since: number): Promise<TestTotals[]> {
    const failed = (await this.db.all(FAILED_TESTS_SQL, [since])).map((r) => num(r.test_id));
    const rows: Array<Record<string, unknown>> = [];
    for (const chunk of chunks(failed)) rows.push(...(await this.db.all(totalsSql(chunk.length), [since, ...chunk])));
    for (const r of rows) this.ids.set(String(r.test), num(r.test_id));
    return rows.map((r): TestTotals => ({
      test: String(r.test),
      passed: num(r.passed), failed: num(r.failed), skipped: num(r.skipped),
      seconds: num(r.seconds), failedSeconds: num(r.failed_seconds), reruns: num(r.reruns),
      flakyFailures: num(r.flaky_failures), flakyGroups: num(r.flaky_groups), groups: num(r.grps),
      lastFailedAt: numOrNull(r.last_failed_at), flakySinceAt: numOrNull(r.flaky_since_at),
      flakySinceGroup: strOrNull(r.flaky_since_grp), runsSinceFlaky: num(r.runs_since),
    })).sort((a, b) => byText(a.test, b.test));
  }

  /** The latest failure of each of these tests since `since`. */
  async lastFailures(tests: readonly string[], since: number): Promise<FailureRow[]> {
    const ids = await this.knownIds(tests);
    const out: FailureRow[] = [];
    for (const chunk of chunks(ids)) {
      // Each test's latest failure only: its time from the failures' index, then those few rows.
      const rows = await this.db.all(
        `SELECT n.name AS test, o.grp, o.recorded_at, o.message
         FROM (SELECT test_id, MAX(recorded_at) AS at FROM flakescope_outcomes WHERE failed > 0 AND recorded_at >= ? AND test_id IN (${placeholders(chunk.length)}) GROUP BY test_id) l
         JOIN flakescope_outcomes o ON o.test_id = l.test_id AND o.recorded_at = l.at AND o.failed > 0
         JOIN flakescope_tests n ON n.id = o.test_id`,
        [since, ...chunk],
      );
      for (const r of rows) out.push({ test: String(r.test), group: String(r.grp), recordedAt: num(r.recorded_at), message: strOrNull(r.message) });
    }
    return out;
  }

  /** Attempts per test and group (commit), for trends. */
  async trends(tests: readonly string[], since: number): Promise<TrendRow[]> {
    const out: TrendRow[] = [];
    for (const chunk of chunks(await this.knownIds(tests))) {
      const rows = await this.db.all(
        `SELECT n.name AS test, o.grp, MIN(o.grp_time) AS first_at, SUM(o.passed) AS p, SUM(o.failed) AS f
         FROM flakescope_outcomes o JOIN flakescope_tests n ON n.id = o.test_id
         WHERE o.recorded_at >= ? AND o.test_id IN (${placeholders(chunk.length)}) GROUP BY n.name, o.grp`,
        [since, ...chunk],
      );
      for (const r of rows) out.push({ test: String(r.test), group: String(r.grp), firstAt: num(r.first_at), passed: num(r.p), failed: num(r.f) });
    }
    return out.sort((a, b) => a.firstAt - b.firstAt || byText(a.group, b.group) || byText(a.test, b.test));
  }

  /** Every finding recorded since `since`, oldest first. */
  async findings(since: number): Promise<StoredFinding[]> {
    const rows = await this.db.all(
      `SELECT f.finding_id, f.kind, f.severity, f.test, f.message, f.site, f.evidence, f.victims, r.commit_sha, r.recorded_at
       FROM flakescope_findings f JOIN flakescope_records r ON r.id = f.record_id WHERE r.recorded_at >= ?`,
      [since],
    );
    return rows.map((r): StoredFinding => ({
      id: String(r.finding_id), kind: String(r.kind), severity: String(r.severity), test: strOrNull(r.test), message: String(r.message),
      site: r.site === null ? null : JSON.parse(String(r.site)), evidence: JSON.parse(String(r.evidence)), victims: JSON.parse(String(r.victims)),
      commit: strOrNull(r.commit_sha), recordedAt: num(r.recorded_at),
    })).sort((a, b) => a.recordedAt - b.recordedAt || byText(a.id, b.id));
  }

  async recordCount(): Promise<number> {
    const [r] = await this.db.all('SELECT COUNT(*) AS n FROM flakescope_records');
    return num(r?.n);
  }

  /** How many records and outcome rows the store holds. */
  async size(): Promise<{ records: number; outcomes: number }> {
    const [r] = await this.db.all('SELECT (SELECT COUNT(*) FROM flakescope_records) AS records, (SELECT COUNT(*) FROM flakescope_outcomes) AS outcomes');
    return { records: num(r?.records), outcomes: num(r?.outcomes) };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Code-unit order: the databases' collations differ (PostgreSQL's follows the locale), so rows are ordered here. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}
