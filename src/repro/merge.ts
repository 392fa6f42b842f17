// Reproducers of shards merged into one set: finding ids are stable (finding-id.ts), so a finding found
// on several shards has one reproducer per shard; the most reliable one is kept.
import type { Reproduce } from '../check/reproduce.js';
import type { Reproducers } from './store.js';

const share = (r: Reproduce['reliability']): number => (r.runs > 0 ? r.failed / r.runs : 0);

/** The better of two reproducers of one finding: the higher failure share, then the more replays behind it. */
function better(a: Reproduce, b: Reproduce): Reproduce {
  const byShare = share(b.reliability) - share(a.reliability);
  if (byShare !== 0) return byShare > 0 ? b : a;
  return b.reliability.runs > a.reliability.runs ? b : a;
}

/** One reproducer per finding id over every shard's set; on a tie the earlier shard's is kept. */
export function mergeReproducers(sets: readonly Reproducers[]): Reproducers {
  const out: Reproducers = {};
  for (const set of sets) {
    for (const [id, r] of Object.entries(set)) {
      const kept = out[id];
      out[id] = kept === undefined ? r : better(kept, r);
    }
  }
  return out;
}
