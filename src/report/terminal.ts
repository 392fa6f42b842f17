// The terminal summary: tests by verdict, then one line per finding, file:line first so terminals link
// them: `file:line: error kind: what (test short name)`, about MAX_FINDING_LINE characters. The full
// message is in report.json, the HTML report, and under each line with --verbose.
import type { Finding, Severity } from '../check/finding.js';
import { shortTestName } from '../check/test-name.js';
import type { Report, Verdict } from './model.js';
import { showControlChars as shown } from './escape.js';
import { BOLD, DIM, GREEN, RED, YELLOW, painter, type Paint } from './color.js';
import { reproduceOf } from '../check/reproduce.js';
import { shellLine } from './shell-line.js';

/** User content (ids, messages, paths) can hold ANSI escapes that would recolour or rewrite the terminal. */

export interface TerminalOptions {
  color: boolean;
  /** Where report.json was written, shown last so the reader knows where the evidence is. */
  reportPath?: string;
  /** Each finding's full message under its line. */
  verbose?: boolean;
}

/** A finding's line fits a wide terminal: what does not fit is in --verbose, JSON and HTML. */
export const MAX_FINDING_LINE = 200;

/** Warnings shown in the terminal; the rest are in report.json, where nothing is cut. */
export const MAX_WARNINGS_SHOWN = 10;

const SEVERITY_COLOR: Record<Severity, number> = { error: RED, warning: YELLOW, info: DIM };
const VERDICT_ORDER: Verdict[] = ['fail', 'flaky', 'timing-sensitive', 'order-dependent', 'hang', 'pass', 'skip'];

function testsLine(report: Report, paint: Paint): string {
  const counts = VERDICT_ORDER.map((v) => [v, report.tests.filter((t) => t.verdict === v).length] as const).filter(([, n]) => n > 0);
  const parts = counts.map(([v, n]) => paint(v === 'pass' ? GREEN : v === 'fail' ? RED : v === 'skip' ? DIM : YELLOW, `${n} ${v}`));
  const runs = report.runs.map((r) => `run ${r.index}: ${r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode ?? '?'}`}, ${(r.durationMs / 1000).toFixed(1)} s`);
  return `${paint(BOLD, 'flakescope')}: ${report.tests.length} test${report.tests.length === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}${runs.length ? `  ${paint(DIM, `[${runs.join('; ')}]`)}` : ''}`;
}

/** Tests that did not pass, by id, so a red suite is visible even without findings. */
function failingTests(report: Report, paint: Paint): string[] {
  return report.tests
    .filter((t) => t.verdict !== 'pass' && t.verdict !== 'skip')
    .map((t) => {
      const o = t.outcomes;
      const signals = [...new Set((t.crashes ?? []).map((c) => c.signal).filter((s) => s !== null))];
      const detail = Object.entries(o)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => (k === 'crashed' && signals.length > 0 ? `${k} ${n} by ${signals.join('/')}` : `${k} ${n}`))
        .join(', ');
      return `  ${paint(t.verdict === 'fail' ? RED : YELLOW, t.verdict.padEnd(5))} ${shown(t.id)} ${paint(DIM, `(${detail})`)}`;
    });
}

/** The first sentence of a message (up to "; " or ". "), for findings without a summary. */
function firstClause(message: string): string {
  const m = /;\s|\.\s/.exec(message);
  return m ? message.slice(0, m.index) : message;
}

function cut(text: string, room: number): string {
  return text.length <= room ? text : `${text.slice(0, Math.max(room - 1, 0))}\u2026`;
}

/** Room the "what" keeps before the test name gives way to its method name alone, and then is cut. */
const MIN_WHAT = 70;
const MIN_WHAT_CUT = 40;

/** `file:line: error kind: what (Class.test)`, cut to MAX_FINDING_LINE (measured without colour):
 *  file:line and kind stay whole; the test name shrinks to its method, then the what and the name are cut. */
export function findingLine(f: Finding, paint: Paint): string {
  const where = f.site ? `${shown(f.site.file)}:${f.site.line}` : '(no site)';
  const head = `${where}: ${f.severity} ${f.kind}: `;
  const full = shown(f.summary ?? firstClause(f.message));
  const room = (name: string): number => MAX_FINDING_LINE - head.length - (name ? name.length + 3 : 0);
  let name = f.test !== null ? shown(shortTestName(f.test)) : '';
  if (name && room(name) < Math.min(MIN_WHAT, full.length)) name = name.split(/[.:]/).pop() ?? name;
  const what = cut(full, Math.max(room(name), MIN_WHAT_CUT));
  if (name) name = cut(name, Math.max(MAX_FINDING_LINE - head.length - what.length - 3, 12));
  return `${where}: ${paint(SEVERITY_COLOR[f.severity], f.severity)} ${f.kind}: ${what}${name ? ` (${name})` : ''}`;
}

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const paint = painter(opts.color);
  const lines = [testsLine(report, paint), ...failingTests(report, paint)];
  if (report.findings.length === 0) lines.push(paint(GREEN, 'no findings'));
  else {
    lines.push(paint(BOLD, `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}:`));
    for (const f of report.findings) {
      lines.push(findingLine(f, paint));
      if (opts.verbose) lines.push(`  ${paint(DIM, shown(f.message))}`);
      const r = reproduceOf(f);
      // One line, copy-pasteable as it is: only control characters are made visible.
      if (r) lines.push(`  ${paint(DIM, `reproduce (failed ${r.reliability.failed} of ${r.reliability.runs} replays):`)} ${shown(shellLine(r))}`);
    }
  }
  if (report.warnings.length > 0) {
    lines.push(paint(YELLOW, `${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'} while reading traces:`));
    for (const w of report.warnings.slice(0, MAX_WARNINGS_SHOWN)) lines.push(`  ${shown(w.where)}: ${shown(w.message)}`);
    if (report.warnings.length > MAX_WARNINGS_SHOWN) lines.push(`  ... ${report.warnings.length - MAX_WARNINGS_SHOWN} more in report.json`);
  }
  if (opts.reportPath) lines.push(paint(DIM, `report: ${shown(opts.reportPath)}`));
  return `${lines.join('\n')}\n`;
}
