// Where history goes: --history (or `history` in the project config) is a postgres:// URL, a SQLite
// file path, or `off`; without it, .flakescope/history.db under the current folder.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { ensureFlakescopeDir, FLAKESCOPE_DIR } from './project-dir.js';
import type { HistoryStore } from './store.js';

export const HISTORY_FILE = 'history.db';
/** The --history value that records nothing. */
export const HISTORY_OFF = 'off';

export type HistoryTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const OTHER_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The target for a --history value (undefined: the default file; false or "off": none). */
export function historyTarget(value: string | boolean | undefined, cwd: string): HistoryTarget | null {
  if (value === false || value === HISTORY_OFF) return null;
  if (value === undefined || value === true || value === '') return { kind: 'sqlite', file: path.join(cwd, FLAKESCOPE_DIR, HISTORY_FILE) };
  if (POSTGRES_URL.test(value)) return { kind: 'postgres', url: value };
  if (OTHER_URL.test(value)) throw new UsageError(`--history ${value.split('://')[0]}://...: give a postgres:// URL, a SQLite file path, or ${HISTORY_OFF}`);
  return { kind: 'sqlite', file: path.resolve(cwd, value) };
}

/** The URL without its password, for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** For messages: never a password. */
export function describeTarget(t: HistoryTarget): string {
  return t.kind === 'postgres' ? describePostgresUrl(t.url) : t.file;
}

/** Imports what openHistory will, ahead of it: the store and its driver (run does it while the tests run). */
export async function loadStore(t: HistoryTarget): Promise<void> {
  await Promise.all([import('./store.js'), t.kind === 'postgres' ? import('./postgres-store.js') : import('./sqlite-store.js')]);
}

/** Opens the store and brings its schema up to date (creating it on first use). */
export async function openHistory(t: HistoryTarget): Promise<HistoryStore> {
  // The stores load when one is opened: `run` resolves its target before the child starts, and opens it after.
  const { HistoryStore } = await import('./store.js');
  let store: HistoryStore;
  if (t.kind === 'postgres') {
    const { openPostgres } = await import('./postgres-store.js');
    store = new HistoryStore(await openPostgres(t.url), describeTarget(t));
  } else {
    if (path.basename(path.dirname(t.file)) === FLAKESCOPE_DIR) await ensureFlakescopeDir(path.dirname(t.file));
    const { openSqlite } = await import('./sqlite-store.js');
    store = new HistoryStore(openSqlite(t.file), describeTarget(t));
  }
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
