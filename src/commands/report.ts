// flakescope report DIR --format LIST: regenerates report files from the saved traces in DIR.
// It renders, it does not gate: exit 0 once the files are written, whatever they contain.
import { showControlChars } from '../report/escape.js';
import { EXIT_OK } from '../report/exit-code.js';
import type { FormatName } from '../report/formats.js';
import { analyseAndReport } from './pipeline.js';
import { loadSavedRun } from './saved-run.js';

export interface ReportArgs {
  dir: string;
  formats: readonly FormatName[];
}

export async function reportCommand(args: ReportArgs): Promise<number> {
  const saved = await loadSavedRun(args.dir, 'report');
  await analyseAndReport({
    ...saved, failOn: 'never', quiet: false, formats: args.formats,
    onWritten: (files) => { for (const f of files) process.stderr.write(`flakescope: wrote ${showControlChars(f)}\n`); },
  });
  return EXIT_OK;
}
