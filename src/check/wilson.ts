// Failure-rate interval. Wilson's score interval stays inside [0,1] and behaves at 0 of n and n of n,
// where the normal approximation claims certainty after a handful of runs.

/** Confidence level of every failure-rate interval in a report. */
export const FAILURE_RATE_CONFIDENCE = 0.95;
/** Two-sided standard normal quantile for FAILURE_RATE_CONFIDENCE (z such that P(|Z| < z) = 0.95). */
export const Z_FOR_CONFIDENCE = 1.959963984540054;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson interval for `failures` out of `trials`; with no trials nothing is known: [0, 1]. */
export function wilson(failures: number, trials: number, z = Z_FOR_CONFIDENCE): Interval {
  if (trials <= 0) return { estimate: 0, low: 0, high: 1 };
  const p = failures / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // At 0 of n and n of n the bound is exactly 0 or 1; the formula lands a rounding error away.
  const low = failures === 0 ? 0 : Math.max(0, centre - half);
  const high = failures === trials ? 1 : Math.min(1, centre + half);
  return { estimate: p, low, high };
}
