// After `flakescope run`: reproducers for its timing, order, flaky and hang findings, stored in
// <out>/reproducers.json for the report to attach. The traces read here are handed on to the report.
import { analyse } from '../check/index.js';
import { REPRODUCIBLE_KINDS } from '../check/reproduce.js';
import { runMetaOf, type RunManifest } from '../run/manifest.js';
import { saveReproducers } from '../repro/store.js';
import type { FollowedRuns } from '../trace/follow.js';
import { indexRun } from '../trace/run-index.js';
import { readTraces, type TraceSet } from '../trace/read.js';
import type { Analysed } from './pipeline.js';

export interface RunReproOptions {
  outDir: string;
  manifest: RunManifest;
  shimDir: string;
  knownSecrets: readonly string[];
  ignore: string[];
  quiet: boolean;
  /** Runs parsed while they ran, continued from there. */
  followed?: FollowedRuns | undefined;
}

export interface ReproduceResult {
  /** The traces (read once), indexed and analysed, for the report to reuse. */
  traceSet: TraceSet;
  analysed: Analysed;
  /** Set when flakescope was interrupted during a replay. */
  interruptedBy: NodeJS.Signals | null;
}

export async function reproduceRun(opts: RunReproOptions): Promise<ReproduceResult> {
  // Redacted as read, like the report's (the same set is handed on to it).
  const traceSet = await readTraces(opts.outDir, { knownSecrets: opts.knownSecrets }, opts.followed);
  const traces = traceSet.runs.map((r) => {
    const rec = opts.manifest.runs.find((x) => x.index === r.index);
    return indexRun(r, rec ? runMetaOf(rec) : undefined);
  });
  const analysed: Analysed = { traces, findings: analyse(traces, { ignore: opts.ignore }) };
  const findings = analysed.findings.filter((f) => REPRODUCIBLE_KINDS.has(f.kind));
  if (findings.length === 0) return { traceSet, analysed, interruptedBy: null };
  // Loaded only when there is something to reproduce: `run` loads this module while its tests run.
  const { deriveReproducers, Interrupted } = await import('../repro/index.js');
  const progress = opts.quiet ? undefined : (line: string): void => { process.stderr.write(`flakescope: ${line}\n`); };
  try {
    const reproducers = await deriveReproducers({
      findings, runs: traces, outDir: opts.outDir,
      context: { command: opts.manifest.command, cwd: opts.manifest.cwd, shimDir: opts.shimDir, ...(process.env.PYTHONPATH ? { pythonPath: process.env.PYTHONPATH } : {}) },
      ...(progress ? { progress } : {}),
    });
    await saveReproducers(opts.outDir, reproducers);
    return { traceSet, analysed, interruptedBy: null };
  } catch (err) {
    if (err instanceof Interrupted) return { traceSet, analysed, interruptedBy: err.signal };
    throw err;
  }
}
