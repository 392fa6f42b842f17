// A source excerpt around a finding's line, with line numbers and the line itself marked.
import type { Site } from '../../trace/schema.js';
import { h, type Raw } from './h.js';
import { showControlChars } from '../escape.js';

/** Lines shown either side of the finding's line: enough for the enclosing statement. */
export const CONTEXT_LINES = 4;

export function sourceExcerpt(site: Site, text: string, redact: (s: string) => string): Raw | null {
  const lines = text.split(/\r\n|\r|\n/);
  if (site.line < 1 || site.line > lines.length) return null;
  const first = Math.max(1, site.line - CONTEXT_LINES);
  const last = Math.min(lines.length, site.line + CONTEXT_LINES);
  const width = String(last).length;
  const rows = [];
  for (let n = first; n <= last; n++) {
    const line = showControlChars(redact(lines[n - 1] ?? ''));
    rows.push(h('span', { class: n === site.line ? 'hit' : null },
      h('span', { class: 'ln' }, `${String(n).padStart(width)}  `), line, '\n'));
  }
  return h('pre', { class: 'src' }, h('code', {}, rows));
}
