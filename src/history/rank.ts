// Ranks tests from their recorded history. A test is flaky at a commit where it both passed and failed
// (a commit where it only failed is a broken commit, not flakiness); "flaky since" is the earliest such
// commit. Its flake rate is its failures at such commits over its runs since that one (what it is
// like now, not diluted by the stable runs before), with the Wilson interval reports use. The most
// flaky rank first by the interval's lower end, so 2 failures in 4 runs outrank 1 in 2: evidence
// counts, not just the ratio. Pure: the store answers the queries, this decides what they mean.
import { wilson } from '../check/wilson.js';
import type { ActiveQuarantine } from './quarantine.js';
import { commitOfGroup } from './record.js';
import type { FailureRow, StoredFinding, TestTotals, TrendRow } from './model.js';

/** Quarantine candidates fail more often than this... */
export const CANDIDATE_RATE = 0.05;
/** ...over at least this many runs (fewer cannot tell a 5% flake from bad luck). */
export const CANDIDATE_MIN_RUNS = 10;
const DAY_MS = 86_400_000;

export type SortBy = 'flake-rate' | 'cost';
export const SORT_CHOICES: readonly SortBy[] = ['flake-rate', 'cost'];

export interface HistoryFinding {
  id: string;
  kind: string;
  severity: string;
  message: string;
  site: { file: string; line: number } | null;
  /** How the finding relates to the test: it caused it (its own test) or affected it (a victim). */
  role: 'own' | 'victim';
  evidence: Record<string, unknown>;
  /** evidence.reproduce, when the run derived one. */
  reproduce: unknown;
  lastSeen: { commit: string | null; date: string };
  /** Records it was found in. */
  seen: number;
}

export interface HistoryTest {
  id: string;
  /** Attempts that passed or failed in the window (skips are not runs). */
  runs: number;
  failures: number;
  /** Failures at commits where the test also passed. */
  flakyFailures: number;
  /** flakyFailures over the runs since it became flaky (flakySince.runs); 0 for a test never flaky. */
  flakeRate: number;
  interval: { low: number; high: number };
  verdict: 'flaky' | 'failing';
  cost: { seconds: number; reruns: number };
  flakySince: { commit: string | null; date: string; days: number; runs: number } | null;
  lastFailure: { commit: string | null; date: string; message: string | null } | null;
  findings: HistoryFinding[];
  quarantined: boolean;
  trend?: Array<{ commit: string | null; date: string; runs: number; failures: number }>;
}

export interface Candidate {
  id: string;
  flakeRate: number;
  runs: number;
}

export interface RankInput {
  totals: readonly TestTotals[];
  failures: readonly FailureRow[];
  findings: readonly StoredFinding[];
  trends?: readonly TrendRow[];
  quarantine: ActiveQuarantine;
  now: number;
  sortBy?: SortBy;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function lastFailures(rows: readonly FailureRow[]): Map<string, FailureRow> {
  const last = new Map<string, FailureRow>();
  for (const r of rows) {
    const seen = last.get(r.test);
    if (!seen || r.recordedAt > seen.recordedAt || (r.recordedAt === seen.recordedAt && seen.message === null)) last.set(r.test, r);
  }
  return last;
}

function findingsByTest(rows: readonly StoredFinding[]): Map<string, Map<string, HistoryFinding>> {
  const out = new Map<string, Map<string, HistoryFinding>>();
  const add = (test: string, f: StoredFinding, role: HistoryFinding['role']): void => {
    let m = out.get(test);
    if (!m) out.set(test, (m = new Map()));
    const before = m.get(f.id);
    const { reproduce, ...evidence } = f.evidence;
    // Rows come oldest first: the latest occurrence's text and evidence win.
    m.set(f.id, {
      id: f.id, kind: f.kind, severity: f.severity, message: f.message, site: f.site, role, evidence, reproduce: reproduce ?? null,
      lastSeen: { commit: f.commit, date: iso(f.recordedAt) }, seen: (before?.seen ?? 0) + 1,
    });
  };
  for (const f of rows) {
    if (f.test !== null) add(f.test, f, 'own');
    for (const v of f.victims) if (v !== f.test) add(v, f, 'victim');
  }
  return out;
}

function compare(sortBy: SortBy): (a: HistoryTest, b: HistoryTest) => number {
  const byRate = (a: HistoryTest, b: HistoryTest): number => b.interval.low - a.interval.low || b.flakeRate - a.flakeRate;
  const byCost = (a: HistoryTest, b: HistoryTest): number => b.cost.seconds - a.cost.seconds || b.cost.reruns - a.cost.reruns;
  return (a, b) => {
    const primary = sortBy === 'cost' ? byCost(a, b) || byRate(a, b) : byRate(a, b) || byCost(a, b);
    return primary || b.failures - a.failures || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

export function rankTests(input: RankInput): HistoryTest[] {
  const last = lastFailures(input.failures);
  const found = findingsByTest(input.findings);
  const trends = new Map<string, NonNullable<HistoryTest['trend']>>();
  for (const r of input.trends ?? []) {
    const list = trends.get(r.test) ?? [];
    list.push({ commit: commitOfGroup(r.group), date: iso(r.firstAt), runs: r.passed + r.failed, failures: r.failed });
    trends.set(r.test, list);
  }
  const tests = input.totals.map((t): HistoryTest => {
    const runs = t.passed + t.failed;
    const rate = t.flakyFailures > 0 ? wilson(t.flakyFailures, t.runsSinceFlaky) : wilson(0, runs);
    const lf = last.get(t.test);
    const test: HistoryTest = {
      id: t.test,
      runs,
      failures: t.failed,
      flakyFailures: t.flakyFailures,
      flakeRate: rate.estimate,
      interval: { low: rate.low, high: rate.high },
      verdict: t.flakyFailures > 0 ? 'flaky' : 'failing',
      cost: { seconds: t.failedSeconds, reruns: t.reruns },
      flakySince: t.flakySinceAt === null || t.flakySinceGroup === null ? null : {
        commit: commitOfGroup(t.flakySinceGroup), date: iso(t.flakySinceAt),
        days: Math.max(0, Math.floor((input.now - t.flakySinceAt) / DAY_MS)), runs: t.runsSinceFlaky,
      },
      lastFailure: lf ? { commit: commitOfGroup(lf.group), date: iso(lf.recordedAt), message: lf.message } : null,
      findings: [...(found.get(t.test)?.values() ?? [])],
      quarantined: input.quarantine.tests.has(t.test),
    };
    const trend = trends.get(t.test);
    if (trend) test.trend = trend;
    return test;
  });
  return tests.sort(compare(input.sortBy ?? 'flake-rate'));
}

/** Tests worth quarantining: flaky often enough over enough runs, and not quarantined already. */
export function quarantineCandidates(tests: readonly HistoryTest[], rate = CANDIDATE_RATE, minRuns = CANDIDATE_MIN_RUNS): Candidate[] {
  return tests
    .filter((t) => !t.quarantined && t.runs >= minRuns && t.flakeRate > rate)
    .map((t) => ({ id: t.id, flakeRate: t.flakeRate, runs: t.runs }));
}
