// For a test that both passed and failed: the first point where a passing and a failing execution's
// event sequences differ (a sleep site, a patch, the outcome), as evidence of where the runs parted.
import { isFailure, type TestAttempt } from '../trace/outcomes.js';

export interface Divergence {
  /** Events both executions share before they differ. */
  commonPrefix: number;
  passing: { run: number; event: string | null };
  failing: { run: number; event: string | null };
}

export { signature } from '../trace/trail.js';

/** Walks both trails together up to their first difference: memory stays that of the folded trails. */
export function firstDivergence(passing: TestAttempt, failing: TestAttempt): Divergence {
  const p = passing.trail[Symbol.iterator]();
  const f = failing.trail[Symbol.iterator]();
  let i = 0;
  for (;;) {
    const x = p.next();
    const y = f.next();
    if (x.done === true || y.done === true || x.value !== y.value) {
      return { commonPrefix: i, passing: { run: passing.run, event: x.done === true ? null : x.value }, failing: { run: failing.run, event: y.done === true ? null : y.value } };
    }
    i++;
  }
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
