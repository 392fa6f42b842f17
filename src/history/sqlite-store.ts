// The default store: an embedded SQLite file (better-sqlite3; pinned to 12, as 13 crashes on Node 20).
// WAL mode and a busy timeout let runs in parallel (jobs, CI shards on one machine) record into one file.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { errnoCode, UsageError } from '../errors.js';
import { PRIVATE_FILE_MODE } from '../fs/atomic.js';
import { OUTCOME_COLUMNS, type SqlConnection } from './store.js';

/** How long a writer waits for another process's transaction before giving up: a run's record takes milliseconds. */
const BUSY_TIMEOUT_MS = 10_000;

// Loaded with this module, which the history code imports only when a session is recorded or read.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export function openSqlite(file: string): SqlConnection {
  let db: BetterSqlite3.Database;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Owner-only like the rest of flakescope's output (test names, failure messages); SQLite gives its
    // -wal and -shm files the database file's mode.
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    db = new Database(file);
  } catch (err) {
    throw new UsageError(`cannot open the history database ${file} (${errnoCode(err) ?? (err as Error).message}); give a writable path with --history`);
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // Prepared on first use: the table exists only once the store has migrated.
  let insert: BetterSqlite3.Statement | undefined;
  let insertName: BetterSqlite3.Statement | undefined;
  let depth = 0;
  return {
    dialect: 'sqlite',
    async all(sql, params = []) {
      return db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
    },
    async run(sql, params = []) {
      if (params.length === 0 && !sql.includes('?')) db.exec(sql);
      else db.prepare(sql).run(...params);
    },
    async transaction(fn, exclusive = false) {
      if (depth > 0) return fn();
      // IMMEDIATE takes the write lock at BEGIN, so two recorders wait for each other instead of failing on upgrade.
      db.exec(exclusive ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE');
      depth++;
      try {
        const result = await fn();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      } finally {
        depth--;
      }
    },
    async insertOutcomes(rows) {
      insert ??= db.prepare(`INSERT INTO flakescope_outcomes (${OUTCOME_COLUMNS.join(', ')}) VALUES (${OUTCOME_COLUMNS.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...row);
    },
    async insertTestNames(names) {
      insertName ??= db.prepare('INSERT INTO flakescope_tests (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
      for (const name of names) insertName.run(name);
    },
    async close() {
      // SQLite's advice for a connection about to close: refresh the statistics the planner needs, when worth it.
      db.pragma('optimize');
      db.close();
    },
  };
}
