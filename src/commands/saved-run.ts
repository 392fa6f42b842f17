// An output folder written earlier by `flakescope run`: its run.json (or a fallback) and its traces.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, parseManifest, type RunManifest } from '../run/manifest.js';
import type { ReportWarning } from '../report/model.js';
import { readTraces } from '../trace/read.js';

export interface SavedRun {
  outDir: string;
  manifest: RunManifest;
  /** Problems with run.json, reported with the trace warnings. */
  warnings: ReportWarning[];
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

/** Without a usable run.json, the runs are known only from their trace folders: no exit codes, no command. */
async function fallbackManifest(outDir: string): Promise<RunManifest> {
  const { runs } = await readTraces(outDir);
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
  const hasManifest = await exists(manifestPath);
  if (!hasManifest && !(await exists(path.join(outDir, 'traces')))) {
    throw new UsageError(`${dir} is not a flakescope output folder (no ${MANIFEST_FILE} or traces/); run flakescope run --out ${dir} -- <command> before flakescope ${verb}`);
  }
  const warnings: ReportWarning[] = [];
  let manifest: RunManifest | null = null;
  if (hasManifest) {
    const parsed = parseManifest(await readFile(manifestPath, 'utf8').catch(() => ''));
    if (typeof parsed === 'string') warnings.push({ where: MANIFEST_FILE, message: `${parsed}; command and run exit codes unknown` });
    else manifest = parsed;
  } else {
    warnings.push({ where: MANIFEST_FILE, message: 'missing; command and run exit codes unknown' });
  }
  manifest ??= await fallbackManifest(outDir);
  return { outDir, manifest, warnings };
}
