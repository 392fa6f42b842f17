// The lines watch prints after each rerun: what changed since the last run.
import type { Finding } from '../check/finding.js';
import { showControlChars } from '../report/escape.js';
import { type VerdictChange, type WatchDiff } from './diff.js';

function findingLine(f: Finding): string {
  const where = f.site ? ` (${f.site.file}:${f.site.line})` : '';
  const test = f.test !== null ? ` in ${f.test}` : '';
  return `${f.severity} ${f.kind}${test}${where}: ${f.message.split('\n', 1)[0] ?? ''}`;
}

function verdictLine(v: VerdictChange): string {
  if (v.from === null) return `new test ${v.test}: ${v.to ?? ''}`;
  if (v.to === null) return `${v.test}: ${v.from} -> no longer run`;
  return `${v.test}: ${v.from} -> ${v.to}`;
}

/** One line per change (none for no change); user text (ids, messages) shows control characters
 *  instead of emitting them. */
export function summaryLines(diff: WatchDiff): string[] {
  return [
    ...diff.newFindings.map((f) => `+ new finding: ${findingLine(f)}`),
    ...diff.fixedFindings.map((f) => `- fixed: ${findingLine(f)}`),
    ...diff.verdicts.map((v) => `~ verdict ${verdictLine(v)}`),
  ].map((line) => showControlChars(line));
}
