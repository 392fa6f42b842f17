// A shared store in PostgreSQL (--history postgres://...), for a team or a CI fleet. Queries come from
// store.ts with `?` placeholders, numbered here; outcome rows go in as arrays (one statement per batch).
import type PgModule from 'pg';
import { createRequire } from 'node:module';
import { errnoCode, UsageError } from '../errors.js';
import { OUTCOME_COLUMNS, type SqlConnection } from './store.js';
import { describePostgresUrl } from './target.js';

const require = createRequire(import.meta.url);

/** Outcome rows per INSERT: large enough to amortise the round trip, small enough to keep one message modest. */
const INSERT_BATCH = 5_000;
/** After loading this many outcome rows in one session (an import of CI's past), VACUUM ANALYZE before
 *  closing: until autovacuum catches up, the planner would read the grown table with old statistics, and
 *  the covering index could not answer alone (index-only scans need the pages marked all-visible). */
const ANALYZE_AFTER_ROWS = 50_000;
/** Serialises schema migrations between machines that open the store at once (any fixed 64-bit key). */
const MIGRATION_LOCK_KEY = 7_243_551_912;
/** Postgres array types of OUTCOME_COLUMNS, in order. */
const OUTCOME_TYPES = ['bigint', 'bigint', 'text', 'bigint', 'bigint', 'int', 'int', 'int', 'float8', 'float8', 'int', 'text'];

/** `?` placeholders as $1, $2...; the SQL in store.ts has no `?` inside string literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgres(url: string): Promise<SqlConnection> {
  const { Client } = require('pg') as typeof PgModule;
  const client = new Client({ connectionString: url });
  // An idle connection that drops (server restart) must not crash the process: the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new UsageError(`cannot connect to the history database ${describePostgresUrl(url)} (${errnoCode(err) ?? (err as Error).message}); check the --history URL and that the server is running`);
  }
  let depth = 0;
  let inserted = 0;
  const query = async (sql: string, params: readonly unknown[] = []) => (await client.query(numberPlaceholders(sql), [...params])).rows as Array<Record<string, unknown>>;
  return {
    dialect: 'postgres',
    all: query,
    async run(sql, params) {
      await query(sql, params);
    },
    async transaction(fn, exclusive = false) {
      if (depth > 0) return fn();
      await client.query('BEGIN');
      depth++;
      try {
        if (exclusive) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        const result = await fn();
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        depth--;
      }
    },
    async insertOutcomes(rows) {
      const casts = OUTCOME_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
      const sql = `INSERT INTO flakescope_outcomes (${OUTCOME_COLUMNS.join(', ')}) SELECT * FROM unnest(${casts})`;
      for (let at = 0; at < rows.length; at += INSERT_BATCH) {
        const batch = rows.slice(at, at + INSERT_BATCH);
        await client.query(sql, OUTCOME_COLUMNS.map((_, col) => batch.map((row) => row[col])));
      }
      inserted += rows.length;
    },
    async insertTestNames(names) {
      for (let at = 0; at < names.length; at += INSERT_BATCH) {
        await client.query('INSERT INTO flakescope_tests (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [names.slice(at, at + INSERT_BATCH)]);
      }
    },
    async close() {
      if (inserted >= ANALYZE_AFTER_ROWS) await client.query('VACUUM ANALYZE flakescope_outcomes, flakescope_tests').catch(() => undefined);
      await client.end();
    },
  };
}
