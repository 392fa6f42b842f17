// What changed between watch runs: new and fixed findings, verdict changes. The state is what the runs
// so far say about every test; a run of some tests replaces only what it covered.
import type { Finding } from '../check/finding.js';
import type { Report, TestSummary, Verdict } from '../report/model.js';

export interface WatchState {
  /** By test id, as the latest run that covered the test summarised it. */
  tests: ReadonlyMap<string, TestSummary>;
  /** By finding id (stable across runs: kind, site, target). */
  findings: ReadonlyMap<string, Finding>;
}

export interface VerdictChange {
  test: string;
  /** null: the test is new. */
  from: Verdict | null;
  /** null: the test no longer ran where it was expected to. */
  to: Verdict | null;
}

export interface WatchDiff {
  newFindings: Finding[];
  fixedFindings: Finding[];
  verdicts: VerdictChange[];
}

export const EMPTY_STATE: WatchState = { tests: new Map(), findings: new Map() };

export function stateOf(report: Pick<Report, 'tests' | 'findings'>): WatchState {
  return {
    tests: new Map(report.tests.map((t) => [t.id, t])),
    findings: new Map(report.findings.map((f) => [f.id, f])),
  };
}

/** `covered`: the tests a narrowed run stood in for (null: the whole command ran). A finding belongs
 *  to the run's scope when its test does; findings of other tests, or of no test, stay as they were. */
function scopeOf(next: WatchState, covered: readonly string[] | null): ((test: string | null) => boolean) {
  if (covered === null) return () => true;
  const tests = new Set([...covered, ...next.tests.keys()]);
  return (test) => test !== null && tests.has(test);
}

export function diffStates(prev: WatchState, next: WatchState, covered: readonly string[] | null): WatchDiff {
  const inScope = scopeOf(next, covered);
  const verdicts: VerdictChange[] = [];
  for (const [test, before] of prev.tests) {
    const to = next.tests.get(test)?.verdict ?? null;
    if (inScope(test) && before.verdict !== to) verdicts.push({ test, from: before.verdict, to });
  }
  for (const [test, after] of next.tests) if (!prev.tests.has(test)) verdicts.push({ test, from: null, to: after.verdict });
  return {
    newFindings: [...next.findings.values()].filter((f) => !prev.findings.has(f.id)),
    fixedFindings: [...prev.findings.values()].filter((f) => inScope(f.test) && !next.findings.has(f.id)),
    verdicts,
  };
}

/** The state after a run: what it covered replaced by what it found. */
export function mergeStates(prev: WatchState, next: WatchState, covered: readonly string[] | null): WatchState {
  const inScope = scopeOf(next, covered);
  return {
    tests: new Map([...[...prev.tests].filter(([test]) => !inScope(test)), ...next.tests]),
    findings: new Map([...[...prev.findings].filter(([, f]) => !inScope(f.test)), ...next.findings]),
  };
}

export const isNoChange = (d: WatchDiff): boolean => d.newFindings.length + d.fixedFindings.length + d.verdicts.length === 0;

/** The report the whole state amounts to (the latest run's runs, every known test and finding), for
 *  the status line: a narrowed run alone would hide the findings of the tests it did not cover. */
export const stateReport = (latest: Report, state: WatchState): Report => ({ ...latest, tests: [...state.tests.values()], findings: [...state.findings.values()] });
