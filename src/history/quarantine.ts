// The quarantine list, .flakescope/quarantine.json, committed with the code: tests whose failures and
// findings are reported apart and do not fail the build, each with who put it there, why and when,
// and optionally until when. An expired entry no longer applies and is reported as a warning.
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Report, ReportWarning } from '../report/model.js';
import { ensureFlakescopeDir, FLAKESCOPE_DIR, QUARANTINE_FILE } from './project-dir.js';

export const QUARANTINE_VERSION = 1;
/** A committed file the whole team reads: not owner-only like flakescope's run output. */
const SHARED_FILE_MODE = 0o644;

export interface QuarantineEntry {
  id: string;
  reason: string;
  by: string;
  /** ISO 8601. */
  added: string;
  /** ISO 8601; null: until removed. */
  until: string | null;
}

export interface QuarantineList {
  version: number;
  tests: QuarantineEntry[];
}

export const quarantinePath = (projectDir: string): string => path.join(projectDir, FLAKESCOPE_DIR, QUARANTINE_FILE);

const isEntry = (e: unknown): e is QuarantineEntry => {
  const x = e as Partial<QuarantineEntry> | null;
  return typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.reason === 'string' && typeof x.by === 'string' &&
    typeof x.added === 'string' && (x.until === null || x.until === undefined || (typeof x.until === 'string' && !Number.isNaN(Date.parse(x.until))));
};

/** The list in `projectDir`; no file is an empty list. A malformed file stops the command (exit 2): guessing could fail a build. */
export async function readQuarantine(projectDir: string): Promise<QuarantineList> {
  const file = quarantinePath(projectDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { version: QUARANTINE_VERSION, tests: [] };
    throw new UsageError(`cannot read ${file} (${errnoCode(err) ?? (err as Error).message})`);
  }
  let data: Partial<QuarantineList>;
  try {
    data = JSON.parse(text) as Partial<QuarantineList>;
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix it (a merge conflict?) or remove it`);
  }
  if (typeof data.version === 'number' && data.version > QUARANTINE_VERSION) throw new UsageError(`${file} was written by a newer flakescope (version ${data.version}); upgrade flakescope`);
  if (!Array.isArray(data.tests) || !data.tests.every(isEntry)) {
    throw new UsageError(`${file}: expected {"version": 1, "tests": [{"id", "reason", "by", "added", "until"}]}; fix the file`);
  }
  return { version: QUARANTINE_VERSION, tests: data.tests.map((e) => ({ ...e, until: e.until ?? null })) };
}

export async function writeQuarantine(projectDir: string, list: QuarantineList): Promise<string> {
  await ensureFlakescopeDir(path.join(projectDir, FLAKESCOPE_DIR));
  const file = quarantinePath(projectDir);
  const tests = [...list.tests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await writeFileAtomic(file, `${JSON.stringify({ version: QUARANTINE_VERSION, tests }, null, 2)}\n`);
  await chmod(file, SHARED_FILE_MODE);
  return file;
}

export const isExpired = (e: QuarantineEntry, now: number): boolean => e.until !== null && Date.parse(e.until) <= now;

export interface ActiveQuarantine {
  tests: ReadonlyMap<string, QuarantineEntry>;
  expired: QuarantineEntry[];
}

export function activeQuarantine(list: QuarantineList, now: number): ActiveQuarantine {
  const tests = new Map<string, QuarantineEntry>();
  const expired: QuarantineEntry[] = [];
  for (const e of list.tests) {
    if (isExpired(e, now)) expired.push(e);
    else tests.set(e.id, e);
  }
  return { tests, expired };
}

export function expiredWarnings(q: ActiveQuarantine): ReportWarning[] {
  return q.expired.map((e) => ({
    where: `${FLAKESCOPE_DIR}/${QUARANTINE_FILE}`,
    message: `the quarantine of ${e.id} expired on ${e.until} (added by ${e.by}: ${e.reason}); its failures count again: renew it with flakescope quarantine add --until, or remove it`,
  }));
}

/** The report with quarantined tests and their findings marked (`quarantined: true`); nothing else changes. */
export function markQuarantined(report: Report, q: ActiveQuarantine): Report {
  if (q.tests.size === 0) return report;
  return {
    ...report,
    tests: report.tests.map((t) => (q.tests.has(t.id) ? { ...t, quarantined: true } : t)),
    findings: report.findings.map((f) => (f.test !== null && q.tests.has(f.test) ? { ...f, quarantined: true } : f)),
  };
}

const failures = (t: Report['tests'][number]): number => t.outcomes.failed + t.outcomes.error + t.outcomes.hang + t.outcomes.crashed;

/** One line per quarantined test that failed or has findings: reported apart from what counts. */
export function quarantineNotes(report: Report, q: ActiveQuarantine): string[] {
  const lines: string[] = [];
  for (const t of report.tests) {
    if (t.quarantined !== true) continue;
    const found = report.findings.filter((f) => f.quarantined === true && f.test === t.id);
    if (failures(t) === 0 && found.length === 0) continue;
    const runs = failures(t) + t.outcomes.passed;
    const entry = q.tests.get(t.id);
    const why = entry ? ` (quarantined by ${entry.by}: ${entry.reason})` : '';
    lines.push(`quarantined, not counted: ${t.id} failed ${failures(t)} of ${runs} run(s)${found.length > 0 ? `, ${found.length} finding(s): ${found.map((f) => f.kind).join(', ')}` : ''}${why}`);
  }
  return lines;
}
