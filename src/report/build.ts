// Builds the Report (report.json) from runs, findings and reader warnings.
import type { Finding } from '../check/finding.js';
import type { Verdicts } from '../check/verdicts.js';
import type { IndexedRun } from '../trace/run-index.js';
import type { TraceWarning } from '../trace/read.js';
import { crashWarnings } from './crashes.js';
import { REPORT_SCHEMA_VERSION, type Report, type ReportWarning, type RunSummary } from './model.js';
import { summariseFixtures, summarisePatches, summariseSleeps } from './summaries.js';

export interface BuildInput {
  toolVersion: string;
  command: string[];
  runs: RunSummary[];
  traces: IndexedRun[];
  findings: Finding[];
  /** Per-test and per-sleep-site verdicts, decided by check/verdicts.ts. */
  verdicts: Verdicts;
  warnings: TraceWarning[];
}

/** Shim internal errors are flakescope bugs, not test problems: they are reported as warnings. */
function internalErrors(traces: IndexedRun[]): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const run of traces) {
    for (const e of run.events) {
      if (e.ev !== 'internal-error') continue;
      const file = run.processes[e.proc]?.file ?? `run ${run.index}`;
      out.push({ where: `${file}: shim ${e.where}`, message: e.error });
    }
  }
  return out;
}

function traceCoverage(runs: RunSummary[], traces: IndexedRun[]): ReportWarning[] {
  return runs
    .filter((r) => !traces.some((t) => t.index === r.index && t.processes.length > 0))
    .map((r) => ({
      where: `run ${r.index}`,
      message: 'no trace was written: the command did not start a Python process with the flakescope shim (is it a Python test command?)',
    }));
}

export function buildReport(input: BuildInput): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'flakescope', version: input.toolVersion },
    command: input.command,
    runs: input.runs,
    tests: input.verdicts.tests,
    sleeps: summariseSleeps(input.traces, input.verdicts.sleeps),
    patches: summarisePatches(input.traces, input.findings),
    fixtures: summariseFixtures(input.traces),
    findings: input.findings,
    warnings: [...input.warnings, ...crashWarnings(input.runs, input.traces), ...internalErrors(input.traces), ...traceCoverage(input.runs, input.traces)],
  };
}
