// What `flakescope history` answers (the JSON format is this object): the ranked tests, quarantine
// candidates and the quarantine list, from one store over one window.
import type { QuarantineEntry } from './quarantine.js';
import type { Candidate, HistoryTest } from './rank.js';

export const HISTORY_SCHEMA_VERSION = 1;

export interface HistoryResult {
  schemaVersion: number;
  tool: { name: 'flakescope'; version: string };
  /** The store, without credentials. */
  store: string;
  generatedAt: string;
  /** Start of the window (ISO), or null for all of history. */
  since: string | null;
  /** --test globs, when given. */
  filter: string[];
  records: number;
  /** Tests that failed at least once in the window, most flaky first (or costliest, with --sort cost). */
  tests: HistoryTest[];
  candidates: { rate: number; minRuns: number; tests: Candidate[] };
  quarantine: { active: QuarantineEntry[]; expired: QuarantineEntry[] };
}

export const shortCommit = (commit: string | null): string => (commit === null ? 'no commit' : commit.slice(0, 7));
export const percent = (x: number): string => `${Math.round(x * 100)}%`;
