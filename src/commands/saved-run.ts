// An output folder written earlier by `flakescope run`: its run.json (or a fallback) and its traces.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { canAccess } from '../fs/can-access.js';
import { TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, parseManifest, type RunManifest } from '../run/manifest.js';
import type { ReportWarning } from '../report/model.js';
import { TRACE_VERSION } from '../trace/schema.js';
import { readTraces, type TraceSet } from '../trace/read.js';
import { knownSecretsFromEnv } from '../trace/redact.js';

export interface SavedRun {
  outDir: string;
  manifest: RunManifest;
  /** Problems with run.json, reported with the trace warnings. */
  warnings: ReportWarning[];
  /** The traces, read once here and handed on to the analysis. */
  traceSet: TraceSet;
}

/** Without a usable run.json, the runs are known only from their trace folders: no exit codes, no command. */
function fallbackManifest(outDir: string, { runs }: TraceSet): RunManifest {
  return {
    tool: { name: 'flakescope', version: TOOL_VERSION },
    command: [],
    cwd: outDir,
    runs: runs.map((r) => ({ index: r.index, exitCode: null, signal: null, durationMs: 0, perturbation: {}, order: 'default' })),
  };
}

export async function loadSavedRun(dir: string, verb: string): Promise<SavedRun> {
  const outDir = path.resolve(dir);
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  const hasManifest = await canAccess(manifestPath);
  const hasTraces = await canAccess(path.join(outDir, 'traces'));
  if (!hasManifest && !hasTraces) {
    throw new UsageError(`${dir} is not a flakescope output folder (no ${MANIFEST_FILE} or traces/); run flakescope run --out ${dir} -- <command> before flakescope ${verb}`);
  }
  const warnings: ReportWarning[] = [];
  let manifest: RunManifest | null = null;
  if (hasManifest) {
    const parsed = parseManifest(await readFile(manifestPath, 'utf8').catch(() => ''));
    if (typeof parsed !== 'string') manifest = parsed;
    else if (!hasTraces) throw new UsageError(`${dir} is not a flakescope output folder (its ${MANIFEST_FILE} is ${parsed}, and there is no traces/); give the --out folder of a flakescope run`);
    else warnings.push({ where: MANIFEST_FILE, message: `${parsed}; command and run exit codes unknown` });
  } else {
    warnings.push({ where: MANIFEST_FILE, message: 'missing; command and run exit codes unknown' });
  }
  // Redacted with the secrets `check` and `report` redact with (this process's environment).
  const traceSet = await readTraces(outDir, { knownSecrets: knownSecretsFromEnv(process.env) });
  if (traceSet.newer.length > 0) {
    throw new UsageError(`${path.join(dir, traceSet.newer[0] ?? '')} was written by a newer flakescope (trace version above ${TRACE_VERSION}); upgrade flakescope to ${verb} this folder`);
  }
  manifest ??= fallbackManifest(outDir, traceSet);
  return { outDir, manifest, warnings, traceSet };
}
