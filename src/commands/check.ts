// flakescope check DIR: re-read DIR/traces, re-analyse, rewrite DIR/report.json.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, parseManifest, type RunManifest } from '../run/manifest.js';
import type { FailOn } from '../report/exit-code.js';
import type { ReportWarning } from '../report/model.js';
import { readTraces } from '../trace/read.js';
import { analyseAndReport } from './pipeline.js';

export interface CheckArgs {
  dir: string;
  failOn: FailOn;
  quiet: boolean;
  /** --ignore globs (check/ignore.ts). */
  ignore?: string[];
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

export async function checkCommand(args: CheckArgs): Promise<number> {
  const outDir = path.resolve(args.dir);
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  const hasManifest = await exists(manifestPath);
  if (!hasManifest && !(await exists(path.join(outDir, 'traces')))) {
    throw new UsageError(`${args.dir} is not a flakescope output folder (no ${MANIFEST_FILE} or traces/); run flakescope run --out ${args.dir} -- <command> first`);
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
  return analyseAndReport({ outDir, manifest, failOn: args.failOn, quiet: args.quiet, ignore: args.ignore ?? [], warnings });
}
