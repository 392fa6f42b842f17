// Shared by run and check: traces in an output folder -> findings -> report files + summary -> exit code.
import { errnoCode, UsageError } from '../errors.js';
import { analyse } from '../check/index.js';
import { TOOL_VERSION } from '../package-info.js';
import type { RunManifest } from '../run/manifest.js';
import { buildReport } from '../report/build.js';
import { wantsColor } from '../report/color.js';
import { EXIT_FINDINGS, EXIT_OK, failureReasons, type FailOn } from '../report/exit-code.js';
import type { ReportWarning } from '../report/model.js';
import { writeReport } from '../report/write.js';
import { indexRun } from '../trace/index.js';
import { readTraces, type TraceSet } from '../trace/read.js';

/** Errors that mean the user pointed us at a folder we may not write: their fix, not our bug. */
const PERMISSION_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS']);

export interface AnalyseOptions {
  outDir: string;
  manifest: RunManifest;
  failOn: FailOn;
  quiet: boolean;
  /** Problems found before analysis (e.g. an unreadable run.json). */
  warnings?: ReportWarning[];
  /** Traces already read by the caller, so a large folder is not read twice. */
  traceSet?: TraceSet;
}

export async function analyseAndReport(opts: AnalyseOptions): Promise<number> {
  const traceSet = opts.traceSet ?? (await readTraces(opts.outDir));
  const traces = traceSet.runs.map(indexRun);
  const findings = analyse(traces);
  const report = buildReport({
    toolVersion: TOOL_VERSION,
    command: opts.manifest.command,
    runs: opts.manifest.runs,
    traces,
    findings,
    warnings: [...(opts.warnings ?? []), ...traceSet.warnings],
  });
  try {
    await writeReport(report, {
      outDir: opts.outDir,
      formats: opts.quiet ? ['json'] : ['json', 'terminal'],
      stream: process.stdout,
      color: wantsColor(process.stdout),
    });
  } catch (err) {
    if (PERMISSION_ERRORS.has(errnoCode(err) ?? '')) {
      throw new UsageError(`cannot write the report into ${opts.outDir} (${errnoCode(err)}); choose a writable folder`);
    }
    throw err;
  }
  const reasons = failureReasons(report, opts.failOn);
  if (!opts.quiet && reasons.length > 0) process.stdout.write(`exit ${EXIT_FINDINGS}: ${reasons.join('; ')}\n`);
  return reasons.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
