// Per-test outcomes across runs and the verdict they give.
import type { IndexedRun } from '../trace/index.js';
import type { OutcomeCounts, TestSummary, Verdict } from './model.js';
import { wilson } from './wilson.js';

const emptyCounts = (): OutcomeCounts => ({ passed: 0, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 0 });

/** Outcomes that count as a failed attempt of the test. */
const failures = (c: OutcomeCounts): number => c.failed + c.error + c.hang + c.crashed;

function verdictOf(c: OutcomeCounts): Verdict {
  const failed = failures(c);
  if (failed === 0) return 'pass';
  return c.passed > 0 ? 'flaky' : 'fail';
}

/** `signals` maps run index to the signal that ended that run's command (null when it exited). */
export function summariseTests(runs: IndexedRun[], signals: ReadonlyMap<number, string | null> = new Map()): TestSummary[] {
  const counts = new Map<string, OutcomeCounts>();
  const durations = new Map<string, number[]>();
  const crashes = new Map<string, Array<{ run: number; signal: string | null }>>();
  const countsOf = (id: string): OutcomeCounts => {
    let c = counts.get(id);
    if (!c) counts.set(id, (c = emptyCounts()));
    return c;
  };
  const durationsOf = (id: string): number[] => {
    let d = durations.get(id);
    if (!d) durations.set(id, (d = []));
    return d;
  };
  for (const run of runs) {
    // A test-start with no test-end in its process: that process died (or was killed) inside the test.
    const open = new Map<string, number>();
    for (const e of run.events) {
      if (e.ev === 'test-start') {
        countsOf(e.test);
        const key = `${e.proc}|${e.test}`;
        open.set(key, (open.get(key) ?? 0) + 1);
      } else if (e.ev === 'test-end') {
        countsOf(e.test)[e.outcome] += 1;
        const key = `${e.proc}|${e.test}`;
        const n = open.get(key) ?? 0;
        if (n > 0) open.set(key, n - 1);
        if (typeof e.duration === 'number') durationsOf(e.test).push(e.duration);
      }
    }
    for (const [key, n] of open) {
      if (n <= 0) continue;
      const id = key.slice(key.indexOf('|') + 1);
      countsOf(id).crashed += n;
      crashes.set(id, [...(crashes.get(id) ?? []), { run: run.index, signal: signals.get(run.index) ?? null }]);
    }
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, c]) => {
      const d = durations.get(id) ?? [];
      const summary: TestSummary = {
        id,
        outcomes: c,
        verdict: verdictOf(c),
        failureRate: wilson(failures(c), failures(c) + c.passed),
      };
      if (d.length > 0) summary.meanDuration = d.reduce((a, b) => a + b, 0) / d.length;
      const crashed = crashes.get(id);
      if (crashed) summary.crashes = crashed;
      return summary;
    });
}
