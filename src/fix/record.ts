// <out>/fixes.json, part of the report contract (add fields, never rename): one entry per finding
// `flakescope fix` looked at, with the proposed patch and how it was verified. The reports read
// entries back through fixOf, defensively, as they read reproducers.
import type { Finding, FindingKind } from '../check/finding.js';

export const FIXES_FILE = 'fixes.json';
/** One git-applicable patch per finding: <out>/fixes/<finding-id>.patch. */
export const FIXES_DIR = 'fixes';

export type FixStatus = 'verified' | 'failed' | 'no-fix';

export interface FixVerification {
  /** The exposing command (reproducer or the owner's tests), as a line to paste. */
  command: string;
  /** Replays asked for (--runs) and made (a replay that still shows the finding stops them). */
  runs: number;
  replayed: number;
  /** Replays in which the finding was gone. */
  gone: number;
  findingGone: boolean;
  /** The whole command, run once with the fix: did a test that passed before fail? null when not run. */
  otherOutcomesChanged: boolean | null;
  changed: Array<{ test: string; before: string; after: string }>;
  notes?: string[];
}

/** One splice, in the file's lines and 1-based columns (SARIF's replacement regions). */
export interface FixEdit {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface FixRecord {
  finding: string;
  kind: FindingKind;
  status: FixStatus;
  /** Why there is no fix, why it failed, or what the verified fix does. */
  reason: string;
  /** The unified diff (also in <out>/fixes/<finding>.patch); null for no-fix. */
  patch: string | null;
  /** Files the patch changes, as named in it. */
  files: string[];
  edits?: FixEdit[];
  verification: FixVerification | null;
}

export interface FixesFile {
  fixes: FixRecord[];
}

const STATUSES = new Set<FixStatus>(['verified', 'failed', 'no-fix']);

export function isFixRecord(x: unknown): x is FixRecord {
  const r = x as Partial<FixRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.finding === 'string' && typeof r.kind === 'string' && STATUSES.has(r.status as FixStatus)
    && typeof r.reason === 'string' && (r.patch === null || typeof r.patch === 'string') && Array.isArray(r.files);
}

/** The fix attached to a finding (evidence.fix), when well-formed. */
export function fixOf(f: Pick<Finding, 'evidence'>): FixRecord | null {
  return isFixRecord(f.evidence.fix) ? f.evidence.fix : null;
}

/** "verified: gone in 20 of 20 replays; no test that passed failed in the whole command", for reports. */
export function verificationLine(r: FixRecord): string {
  const v = r.verification;
  if (r.status === 'no-fix' || !v) return `${r.status}: ${r.reason}`;
  const replays = `finding gone in ${v.gone} of ${v.replayed} replay(s)${v.replayed < v.runs ? ` (of ${v.runs} asked)` : ''}`;
  const whole = v.otherOutcomesChanged === null ? 'whole command not run'
    : v.otherOutcomesChanged ? `in the whole command ${v.changed.map((c) => `${c.test} ${c.after}`).join(', ')}`
      : 'no test that passed failed in the whole command';
  return `${r.status}: ${replays}; ${whole}`;
}
