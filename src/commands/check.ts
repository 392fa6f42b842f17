// flakescope check DIR: re-read DIR/traces, re-analyse, rewrite DIR/report.json (and any --format).
import type { FailOn } from '../report/exit-code.js';
import type { FormatName } from '../report/formats.js';
import type { HistoryTarget } from '../history/target.js';
import { analyseAndReport } from './pipeline.js';
import { loadSavedRun } from './saved-run.js';

export interface CheckArgs {
  dir: string;
  failOn: FailOn;
  quiet: boolean;
  /** --verbose: full finding messages in the terminal. */
  verbose?: boolean;
  formats?: readonly FormatName[];
  /** --ignore globs (check/ignore.ts). */
  ignore?: string[];
  /** Where to record the session's history (--history). */
  history?: HistoryTarget | null;
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const saved = await loadSavedRun(args.dir, 'check');
  return analyseAndReport({ ...saved, failOn: args.failOn, quiet: args.quiet, verbose: args.verbose === true, publish: true, ignore: args.ignore ?? [],
    history: args.history ? { target: args.history, source: 'check' } : null, ...(args.formats ? { formats: args.formats } : {}) });
}
