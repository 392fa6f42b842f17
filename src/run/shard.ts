// --shard K/N: which planned runs this machine makes. Pure and deterministic, so N machines given the
// same options split the run matrix (repetitions x perturbations) without talking to each other.
import { UsageError } from '../errors.js';
import type { PlannedRun } from './plan.js';

export interface Shard {
  /** 1-based slice number. */
  k: number;
  n: number;
}

export const NO_SHARD: Shard = { k: 1, n: 1 };

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new UsageError(`--shard ${text}: expected K/N with 1 <= K <= N, e.g. --shard 1/4 on the first of four machines`);
  }
  return { k, n };
}

/** Run i belongs to shard (i mod N) + 1. Indices are kept, so shards merge back without collisions. */
export function selectShard<T extends Pick<PlannedRun, 'index'>>(runs: readonly T[], shard: Shard): T[] {
  return runs.filter((r) => r.index % shard.n === shard.k - 1);
}
