// The history database's schema, versioned: each migration brings a store from the version before it to
// its own. Both stores (SQLite, PostgreSQL) run the same statements; only the id column's type differs.
// Table names carry a flakescope_ prefix so a shared PostgreSQL database can hold other tables too.

export const SCHEMA_VERSION = 1;

export type Dialect = 'sqlite' | 'postgres';

/** An auto-numbered primary key in each dialect. */
const ID_COLUMN: Record<Dialect, string> = { sqlite: 'INTEGER PRIMARY KEY', postgres: 'BIGSERIAL PRIMARY KEY' };

/** SQLite stores a WITHOUT ROWID table in its primary key's order: a test's outcomes lie together, so a
 *  query reads them in a few pages instead of one page per record. PostgreSQL has no such clause. */
const CLUSTERED: Record<Dialect, string> = { sqlite: ' WITHOUT ROWID', postgres: '' };

/** PostgreSQL's heap keeps rows in insertion order (record by record), so reading one test's outcomes would
 *  touch a page per record: this index holds what the history query reads, in test order, for index-only
 *  scans. SQLite's clustered table already is that. */
const COVERING: Record<Dialect, string[]> = {
  sqlite: [],
  postgres: ['CREATE INDEX flakescope_outcomes_by_test ON flakescope_outcomes (test_id) INCLUDE (grp, grp_time, recorded_at, passed, failed, skipped, seconds, failed_seconds, reruns)'],
};

export interface Migration {
  version: number;
  statements: (dialect: Dialect) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (dialect) => [
      // One row per recorded session: a run, check or merge of an output folder, or one imported JUnit file.
      `CREATE TABLE flakescope_records (
        id ${ID_COLUMN[dialect]},
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        commit_sha TEXT,
        branch TEXT,
        commit_time BIGINT,
        grp TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        machine TEXT NOT NULL,
        command TEXT NOT NULL,
        perturbations TEXT NOT NULL,
        repetitions INTEGER NOT NULL,
        traced INTEGER NOT NULL)`,
      // Test ids, each stored once: outcomes refer to them by number, which keeps rows and indexes small.
      `CREATE TABLE flakescope_tests (id ${ID_COLUMN[dialect]}, name TEXT NOT NULL UNIQUE)`,
      // Per test and record: attempts by outcome. grp is what flakiness is judged within (the commit, or the
      // record itself when no commit is known) and grp_time orders the groups (the commit's time when known);
      // both, and recorded_at, are copied here so a history query reads one table.
      `CREATE TABLE flakescope_outcomes (
        record_id BIGINT NOT NULL,
        test_id BIGINT NOT NULL,
        grp TEXT NOT NULL,
        grp_time BIGINT NOT NULL,
        recorded_at BIGINT NOT NULL,
        passed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        seconds DOUBLE PRECISION NOT NULL,
        failed_seconds DOUBLE PRECISION NOT NULL,
        reruns INTEGER NOT NULL,
        message TEXT,
        PRIMARY KEY (test_id, record_id))${CLUSTERED[dialect]}`,
      'CREATE INDEX flakescope_outcomes_by_record ON flakescope_outcomes (record_id)',
      ...COVERING[dialect],
      // Failures are few among outcomes: a history query starts from them and reads only the tests that failed.
      'CREATE INDEX flakescope_outcomes_failed ON flakescope_outcomes (test_id, recorded_at) WHERE failed > 0',
      `CREATE TABLE flakescope_findings (
        record_id BIGINT NOT NULL,
        finding_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        test TEXT,
        message TEXT NOT NULL,
        site TEXT,
        evidence TEXT NOT NULL,
        victims TEXT NOT NULL,
        PRIMARY KEY (record_id, finding_id))`,
    ],
  },
];

/** Holds schema_version; created before any migration runs. */
export const META_TABLE = 'CREATE TABLE IF NOT EXISTS flakescope_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)';
