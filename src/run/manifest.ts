// <out>/run.json: how the traces were produced (command, cwd, runs), so `flakescope check` can
// re-analyse them later without the original command line.
import type { RunMeta } from '../trace/run-index.js';
import type { Perturbation } from './plan.js';

export const MANIFEST_FILE = 'run.json';

export interface RunRecord {
  index: number;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  perturbation: Record<string, unknown> & Perturbation;
  order: string;
  /** flakescope killed the tree because a test outlived the hang limit (see --timeout). */
  killedForHang?: boolean;
  /** The tests the run was limited to (reruns of suspicious tests, bisection), when not the whole command. */
  selected?: string[];
  /** CPU% and RSS of the process tree, sampled while the run lasted. */
  usage?: Record<string, unknown>;
  /** Tests never started because a hung run could not be resumed without them. */
  notResumed?: string[];
}

export interface RunManifest {
  tool: { name: 'flakescope'; version: string };
  command: string[];
  cwd: string;
  runs: RunRecord[];
  /** Set when this folder holds one slice (--shard K/N) of the planned runs; merge checks the slices. */
  shard?: { k: number; n: number };
}

const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

function isRunRecord(x: unknown): x is RunRecord {
  const r = x as Partial<RunRecord> | null;
  return (
    typeof r === 'object' && r !== null &&
    typeof r.index === 'number' &&
    (r.exitCode === null || typeof r.exitCode === 'number') &&
    (r.signal === null || typeof r.signal === 'string') &&
    typeof r.durationMs === 'number' &&
    typeof r.perturbation === 'object' && r.perturbation !== null &&
    typeof r.order === 'string'
  );
}

/** The manifest, or a reason it is not one. */
export function parseManifest(text: string): RunManifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const m = data as Partial<RunManifest> | null;
  if (typeof m !== 'object' || m === null || m.tool?.name !== 'flakescope') return 'not written by flakescope';
  if (!isStringArray(m.command) || typeof m.cwd !== 'string' || !Array.isArray(m.runs) || !m.runs.every(isRunRecord)) {
    return 'missing or malformed command, cwd or runs';
  }
  return m as RunManifest;
}

/** What a run's record knows that its trace cannot say (orchestrator perturbations, how it ended). */
export function runMetaOf(r: RunRecord): RunMeta {
  return { perturbation: r.perturbation, signal: r.signal, exitCode: r.exitCode, ...(r.killedForHang ? { killedForHang: true } : {}) };
}
