// Where a line of the original file is after the edits: shifted by the lines added or removed above
// it, or gone (null) when an edit replaced it. Used to keep a reproducer's sleep sites ("file:line")
// pointing at the same sleep in the edited file.
import type { Edit } from './edit.js';

const newlines = (s: string): number => (s.match(/\r\n|\r|\n/g) ?? []).length;

function lineBounds(text: string, line: number): { start: number; end: number } | null {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return null;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

export function mapLine(text: string, edits: readonly Edit[], line: number): number | null {
  const bounds = lineBounds(text, line);
  if (!bounds) return null;
  let shift = 0;
  for (const e of edits) {
    if (e.end <= bounds.start) {
      shift += newlines(e.text) - newlines(text.slice(e.start, e.end));
      continue;
    }
    if (e.start >= bounds.end) continue;
    // The edit touches this line: an insertion inside it keeps it; a replacement of its text does not.
    if (e.start !== e.end) return null;
  }
  return line + shift;
}
