// Fisher's exact test, one-sided: does a condition make a test's outcome flip more often than plain
// runs do? Exact on the small counts a rerun plan gives (4 perturbed runs against 3 plain ones), where
// comparing two Wilson intervals would need ten runs a side to separate even a certain flip.

/** A difference is taken as real when chance alone would give one at least as large this rarely: the
 *  complement of the 95% confidence every interval in a report uses. */
export const SIGNIFICANCE = 0.05;

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(at least `a` of the `flips` land in the condition's `n` runs) when the `n + m` runs are
 *  exchangeable: the condition flipped `a` of `n` runs, plain runs `c` of `m` (flips = a + c). */
export function fisherGreater(a: number, n: number, c: number, m: number): number {
  const flips = a + c;
  const total = n + m;
  if (n === 0 || flips === 0) return 1;
  const denominator = logChoose(total, n);
  let p = 0;
  // x flips in the condition needs n - x of its runs among the total - flips unflipped ones.
  for (let x = Math.max(a, n - (total - flips)); x <= Math.min(flips, n); x++) p += Math.exp(logChoose(flips, x) + logChoose(total - flips, n - x) - denominator);
  return Math.min(1, p);
}
