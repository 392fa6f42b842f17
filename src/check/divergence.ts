// For a test that both passed and failed: the first point where a passing and a failing execution's
// event sequences differ (a sleep site, a patch, the outcome), as evidence of where the runs parted.
import type { RunEvent } from '../trace/index.js';
import { isFailure, type TestAttempt } from '../trace/outcomes.js';

export interface Divergence {
  /** Events both executions share before they differ. */
  commonPrefix: number;
  passing: { run: number; event: string | null };
  failing: { run: number; event: string | null };
}

/** What an event is, without its timing: kind, site and the fields that identify it. */
export function signature(e: RunEvent): string {
  const site = 'site' in e && e.site ? ` ${e.site.file}:${e.site.line}` : '';
  switch (e.ev) {
    case 'test-end': return `test-end ${e.outcome}`;
    case 'patch-start': return `patch-start ${e.target}${site}`;
    case 'fixture-setup': return `fixture-setup ${e.fixture}${site}`;
    case 'sleep': return `sleep ${e.api}${site}`;
    default: return `${e.ev}${site}`;
  }
}

export function firstDivergence(passing: TestAttempt, failing: TestAttempt): Divergence {
  const p = passing.events.map(signature);
  const f = failing.events.map(signature);
  let i = 0;
  while (i < p.length && i < f.length && p[i] === f[i]) i++;
  return { commonPrefix: i, passing: { run: passing.run, event: p[i] ?? null }, failing: { run: failing.run, event: f[i] ?? null } };
}

/** Compares the first failing execution with a passing one of the same perturbation when there is one. */
export function divergenceOf(attempts: TestAttempt[]): Divergence | null {
  const failing = attempts.find((a) => isFailure(a.outcome));
  if (!failing) return null;
  const passes = attempts.filter((a) => !isFailure(a.outcome) && a.outcome !== 'skipped');
  const same = passes.find((a) => JSON.stringify(a.perturbation) === JSON.stringify(failing.perturbation));
  const passing = same ?? passes[0];
  return passing ? firstDivergence(passing, failing) : null;
}
