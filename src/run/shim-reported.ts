// Did the shim report in? A run whose command ran but left no trace at all traced nothing, and a shim
// that hit an internal error traced less than the command did: either way the report cannot be
// trusted, so `run` says so in one line with the likely fix and exits 3 (docs/design.md, "Report contract": the harness never
// exits 0 having traced nothing).
import path from 'node:path';
import type { IndexedRun } from '../trace/run-index.js';

/** Where the shim records that the user's own sitecustomize (which it chains) raised: not the shim's failure. */
const CHAINED_SITECUSTOMIZE = 'sitecustomize.chain';

export interface RanCommand {
  index: number;
  exitCode: number | null;
  signal?: string | null;
}

/** Internal errors of the shim itself, with the trace file each came from (relative to the output folder). */
function shimErrors(traces: readonly IndexedRun[]): Array<{ run: number; file: string; where: string; error: string }> {
  const out = [];
  for (const run of traces) {
    for (const e of run.events) {
      if (e.ev !== 'internal-error' || e.where === CHAINED_SITECUSTOMIZE) continue;
      out.push({ run: run.index, file: run.processes[e.proc]?.file ?? '', where: e.where, error: e.error });
    }
  }
  return out;
}

/** A warning turned into an error by the command's own flags fails the shim in a way only we can fix. */
const WARNING_AS_ERROR = /Warning\b|invalid escape sequence/;

/** One line saying why the traces cannot be trusted, with the likely fix; null when every run reported in cleanly. */
export function shimFailure(runs: readonly RanCommand[], traces: readonly IndexedRun[], outDir: string): string | null {
  const silent = runs.filter((r) => (r.exitCode !== null || (r.signal ?? null) !== null) && !traces.some((t) => t.index === r.index && t.processes.length > 0));
  if (silent.length > 0) {
    const which = silent.length === runs.length ? (runs.length === 1 ? 'the run' : 'any run') : `run(s) ${silent.map((r) => r.index).join(', ')}`;
    return `no Python process reported to flakescope in ${which}: nothing was traced. Likely fix: give a Python test command ` +
      '(python3 -m pytest, python3 -m unittest ...); one that starts Python with -I, -E or -S, or replaces PYTHONPATH, ' +
      'leaves the shim out (`flakescope doctor -- <command>` checks this)';
  }
  const errors = shimErrors(traces);
  const first = errors[0];
  if (first === undefined) return null;
  const processes = new Set(errors.map((e) => `${e.run}/${e.file}`)).size;
  const fix = WARNING_AS_ERROR.test(first.error)
    ? 'the command turns warnings into errors (-W error, PYTHONWARNINGS) and one was raised inside flakescope, which is a flakescope bug: please report it; meanwhile run without those flags'
    : 'this is a flakescope bug: please report it with the trace';
  return `the flakescope shim failed in ${processes} process(es), so the report may miss what they did: ${first.where}: ${first.error} ` +
    `(${path.join(outDir, first.file)}). Likely fix: ${fix}`;
}
