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

/** Where two event sequences part: the events they share first, then each one's next event (null
 *  when it ended there). Walks both lazily, so folded trails are never expanded in memory. */
export function sequenceDivergence(a: Iterable<string>, b: Iterable<string>): { commonPrefix: number; a: string | null; b: string | null } | null {
  const p = a[Symbol.iterator]();
  const f = b[Symbol.iterator]();
  let i = 0;
  for (;;) {
    const x = p.next();
    const y = f.next();
    if (x.done === true && y.done === true) return null;
    if (x.done === true || y.done === true || x.value !== y.value) {
      return { commonPrefix: i, a: x.done === true ? null : x.value, b: y.done === true ? null : y.value };
    }
    i++;
  }
}

/** Walks both trails together up to their first difference: memory stays that of the folded trails. */
export function firstDivergence(passing: TestAttempt, failing: TestAttempt): Divergence {
  const d = sequenceDivergence(passing.trail, failing.trail) ?? { commonPrefix: passing.trail.length, a: null, b: null };
  return { commonPrefix: d.commonPrefix, passing: { run: passing.run, event: d.a }, failing: { run: failing.run, event: d.b } };
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
