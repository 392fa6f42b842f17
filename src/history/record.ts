// Builds the history record of a run, check or merge from its report: per-test outcomes (with time
// and reruns from each attempt), findings by id, and where and when it ran.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Attempt, AttemptsByTest } from '../report/attempts.js';
import type { Report, TestSummary } from '../report/model.js';
import type { RunManifest } from '../run/manifest.js';
import type { CommitInfo } from './commit-info.js';
import type { HistoryRecord, RecordedFinding, RecordSource, TestOutcome } from './model.js';

const FAILED = new Set<Attempt['outcome']>(['failed', 'error', 'hang', 'crashed']);
/** Messages are kept to their first line and this many characters: history shows them, it does not archive logs. */
export const MESSAGE_LIMIT = 500;

/** The same session gives the same key (so `check` replaces what `run` recorded); another session another. */
export function manifestKey(m: Pick<RunManifest, 'command' | 'cwd' | 'runs'>): string {
  const digest = createHash('sha256').update(JSON.stringify([m.command, m.cwd, m.runs])).digest('hex').slice(0, 24);
  return `run:${digest}`;
}

/** Flakiness is judged within a commit; a session on changed files, or outside git, is a group of its own. */
export function groupOf(info: Pick<CommitInfo, 'commit' | 'dirty'>, key: string): string {
  return info.commit !== null && !info.dirty ? info.commit : `${info.commit ?? ''}@${key}`;
}

/** The commit a group belongs to, or null when none is known. */
export function commitOfGroup(group: string): string | null {
  const commit = group.split('@', 1)[0] ?? '';
  return commit === '' ? null : commit;
}

export function firstLine(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim() === '' ? null : line.trim().slice(0, MESSAGE_LIMIT);
}

/** Attempts made again after a failure: every failure but a last attempt's. */
export const rerunsOf = (failed: number, attempts: number): number => Math.max(0, Math.min(failed, attempts - 1));

/** A test's outcome: counts from the report (hangs and crashes included), time and message from its attempts. */
export function outcomeOf(test: TestSummary, attempts: readonly Attempt[]): TestOutcome {
  const c = test.outcomes;
  const failed = c.failed + c.error + c.hang + c.crashed;
  const failing = attempts.filter((a) => FAILED.has(a.outcome));
  const seconds = (list: readonly Attempt[]): number => list.reduce((sum, a) => sum + (a.duration ?? 0), 0);
  let message: string | null = null;
  for (const a of failing) message = firstLine(a.message) ?? message;
  if (message === null && failed > 0) message = c.hang > 0 ? 'hang' : c.crashed > 0 ? 'crashed' : null;
  return {
    test: test.id, passed: c.passed, failed, skipped: c.skipped, seconds: seconds(attempts), failedSeconds: seconds(failing),
    reruns: rerunsOf(failed, failed + c.passed), message,
  };
}

const victimsOf = (evidence: Record<string, unknown>): string[] =>
  Array.isArray(evidence.victims) ? evidence.victims.filter((v): v is string => typeof v === 'string') : [];

export function recordedFindings(report: Report): RecordedFinding[] {
  return report.findings.map((f) => ({
    id: f.id, kind: f.kind, severity: f.severity, test: f.test, message: f.message,
    site: f.site ? { file: f.site.file, line: f.site.line } : null, evidence: f.evidence, victims: victimsOf(f.evidence),
  }));
}

export interface SessionInput {
  source: Exclude<RecordSource, 'import'>;
  report: Report;
  manifest: RunManifest;
  /** Per-run attempts of each test (attemptsFromRuns over the traces). */
  attempts: AttemptsByTest;
  commit: CommitInfo;
  now: number;
  /** Records this one replaces (the shards a merge combines). */
  supersedes?: string[];
}

export function sessionRecord(input: SessionInput): HistoryRecord {
  const key = manifestKey(input.manifest);
  const perturbations = [...new Map(input.manifest.runs.map((r) => [JSON.stringify(r.perturbation), r.perturbation])).values()];
  return {
    key,
    ...(input.supersedes ? { supersedes: input.supersedes } : {}),
    source: input.source,
    commit: input.commit.commit,
    branch: input.commit.branch,
    commitTime: input.commit.commitTime,
    recordedAt: input.now,
    group: groupOf(input.commit, key),
    machine: hostname(),
    command: input.manifest.command,
    perturbations,
    repetitions: input.manifest.runs.length,
    traced: true,
    outcomes: input.report.tests.map((t) => outcomeOf(t, input.attempts.get(t.id) ?? [])),
    findings: recordedFindings(input.report),
  };
}
