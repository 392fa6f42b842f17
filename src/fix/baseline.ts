// Which tests passed before the fix, and which of them no longer do in a run with it: the "no test
// that passed may fail" half of verification. A test passed before when every plain (unperturbed,
// default-order) execution of it passed; one that failed even once is not held to it.
import type { IndexedRun } from '../trace/run-index.js';
import { allAttempts, attemptsOf, isFailure, isPlain, type AttemptOutcome } from '../trace/outcomes.js';

export interface OutcomeChange {
  test: string;
  before: 'passed';
  after: AttemptOutcome | 'not run';
}

export function passedBefore(runs: IndexedRun[]): Set<string> {
  const ok = new Set<string>();
  const bad = new Set<string>();
  for (const a of allAttempts(runs)) {
    if (!isPlain(a.perturbation) || a.outcome === 'skipped') continue;
    if (isFailure(a.outcome)) bad.add(a.test);
    else ok.add(a.test);
  }
  for (const t of bad) ok.delete(t);
  return ok;
}

/** Tests that passed before and failed (or did not run at all) in `run`. */
export function changedOutcomes(before: ReadonlySet<string>, run: IndexedRun | null): OutcomeChange[] {
  const seen = new Map<string, AttemptOutcome>();
  for (const a of run ? attemptsOf(run) : []) {
    const prev = seen.get(a.test);
    if (prev === undefined || !isFailure(prev)) seen.set(a.test, a.outcome);
  }
  const out: OutcomeChange[] = [];
  for (const test of [...before].sort()) {
    const after = seen.get(test);
    if (after === undefined) out.push({ test, before: 'passed', after: 'not run' });
    else if (isFailure(after)) out.push({ test, before: 'passed', after });
  }
  return out;
}
