// How shard folders combine into one run list: pure, so the re-indexing rules are unit-tested.
import type { RunManifest, RunRecord } from './manifest.js';

export interface ShardInput {
  /** The folder as the user named it (for messages). */
  name: string;
  manifest: RunManifest;
}

export interface MergedRun {
  /** Input number in ShardInput[] order, and the run's index there (its trace folder name). */
  from: number;
  fromIndex: number;
  record: RunRecord;
}

export interface MergePlan {
  runs: MergedRun[];
  warnings: { where: string; message: string }[];
}

/** A run index that can name a trace folder: nothing else is ever turned into a path. */
const isRunIndex = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

const sameCommand = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function shardWarnings(inputs: ShardInput[]): { where: string; message: string }[] {
  const shards = inputs.map((i) => i.manifest.shard).filter((s) => s !== undefined);
  if (shards.length === 0) return [];
  const n = shards[0]?.n ?? 1;
  if (shards.some((s) => s.n !== n)) return [{ where: 'merge', message: 'the inputs were split with different --shard N; the report mixes unrelated slices' }];
  const seen = new Set(shards.map((s) => s.k));
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  return missing.length === 0 ? [] : [{ where: 'merge', message: `shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} missing: the report covers only part of the planned runs` }];
}

/** Every run of every input, ordered by original index (then input order) and re-numbered 0..n-1.
 *  Shards of one plan keep their global indices, so a complete merge numbers runs as one machine would. */
export function planMerge(inputs: ShardInput[]): MergePlan {
  const warnings = shardWarnings(inputs);
  const first = inputs[0]?.manifest.command ?? [];
  inputs.forEach((input) => {
    if (!sameCommand(input.manifest.command, first)) {
      warnings.push({ where: input.name, message: `ran a different command (${input.manifest.command.join(' ')}) than ${inputs[0]?.name}` });
    }
  });
  const runs: MergedRun[] = [];
  inputs.forEach((input, from) => {
    for (const record of input.manifest.runs) {
      if (!isRunIndex(record.index)) {
        warnings.push({ where: input.name, message: `run index ${record.index} is not a run number; run skipped` });
        continue;
      }
      runs.push({ from, fromIndex: record.index, record });
    }
  });
  runs.sort((a, b) => a.fromIndex - b.fromIndex || a.from - b.from);
  return { runs: runs.map((r, index) => ({ ...r, record: { ...r.record, index } })), warnings };
}
