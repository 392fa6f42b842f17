// A git-applicable unified diff of one file before and after its edits. The changed lines are known
// from the edits themselves, so no diff algorithm is needed: each edit's lines, merged where they
// touch, trimmed of lines that did not change, with three lines of context.
import type { Edit } from './edit.js';
import { applyEdits } from './edit.js';

/** Lines of context around each change, as `git diff` and `diff -u` use. */
const CONTEXT = 3;

interface Change {
  /** 0-based first old line and count; the new lines that replace them. */
  oldStart: number;
  oldCount: number;
  lines: string[];
}

/** The last line of a text without a final newline carries this mark, so it never equals the same
 *  line with a newline, and is printed with git's "\\ No newline at end of file". */
const NO_EOL = '\u0000';

/** Splits on \n, keeping a \r of CRLF in the line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  if (text.endsWith('\n')) return text.slice(0, -1).split('\n');
  const lines = text.split('\n');
  lines[lines.length - 1] += NO_EOL;
  return lines;
}

/** The changes between a region's old and new lines, aligned on their longest common subsequence
 *  (regions are a few lines: the quadratic table is small), so lines the edits kept show as context. */
function aligned(first: number, oldLines: string[], newLines: string[]): Change[] {
  const n = oldLines.length;
  const m = newLines.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      (lcs[i] as number[])[j] = oldLines[i] === newLines[j] ? ((lcs[i + 1] as number[])[j + 1] as number) + 1 : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
    }
  }
  const out: Change[] = [];
  let cur: Change | null = null;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      cur = null;
      i++;
      j++;
      continue;
    }
    cur ??= out[out.push({ oldStart: first + i, oldCount: 0, lines: [] }) - 1] as Change;
    if (j < m && (i === n || ((lcs[i] as number[])[j + 1] as number) >= ((lcs[i + 1] as number[])[j] as number))) cur.lines.push(newLines[j++] as string);
    else {
      cur.oldCount++;
      i++;
    }
  }
  return out;
}

const lineOf = (starts: number[], offset: number): number => {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

function changes(before: string, edits: readonly Edit[]): Change[] {
  const starts = [0];
  for (let i = 0; i < before.length; i++) if (before[i] === '\n') starts.push(i + 1);
  // Whole old lines each edit touches; an insertion at a line start touches that line only.
  const ranges = edits
    .map((e) => ({ first: lineOf(starts, e.start), last: lineOf(starts, Math.max(e.start, e.end - 1)) }))
    .sort((a, b) => a.first - b.first);
  const merged: Array<{ first: number; last: number }> = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r.first <= prev.last + 1) prev.last = Math.max(prev.last, r.last);
    else merged.push({ ...r });
  }
  const out: Change[] = [];
  for (const r of merged) {
    const from = starts[r.first] as number;
    const to = starts[r.last + 1] ?? before.length;
    const inside = edits.filter((e) => e.start >= from && e.end <= to).map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
    const oldText = before.slice(from, to);
    const newLines = splitLines(applyEdits(oldText, inside));
    const oldLines = splitLines(oldText);
    out.push(...aligned(r.first, oldLines, newLines));
  }
  return out;
}

const show = (prefix: string, line: string): string =>
  (line.endsWith(NO_EOL) ? `${prefix}${line.slice(0, -1)}\n\\ No newline at end of file` : `${prefix}${line}`);

/** `diff --git` text for one file (paths as they should appear after a/ and b/), or '' when nothing changed. */
export function unifiedDiff(displayPath: string, before: string, edits: readonly Edit[]): string {
  if (applyEdits(before, edits) === before) return '';
  const old = splitLines(before);
  const list = changes(before, edits);
  const hunks: string[] = [];
  let shift = 0;
  for (let i = 0; i < list.length;) {
    // Changes whose context windows touch share one hunk.
    let j = i;
    while (j + 1 < list.length) {
      const cur = list[j] as Change;
      if ((list[j + 1] as Change).oldStart - (cur.oldStart + cur.oldCount) > 2 * CONTEXT) break;
      j++;
    }
    const first = list[i] as Change;
    const last = list[j] as Change;
    const start = Math.max(0, first.oldStart - CONTEXT);
    const end = Math.min(old.length, last.oldStart + last.oldCount + CONTEXT);
    const body: string[] = [];
    let newCount = 0;
    let at = start;
    let localShift = 0;
    for (let k = i; k <= j; k++) {
      const c = list[k] as Change;
      for (; at < c.oldStart; at++, newCount++) body.push(show(' ', old[at] as string));
      for (let d = 0; d < c.oldCount; d++) body.push(show('-', old[c.oldStart + d] as string));
      for (const l of c.lines) body.push(show('+', l));
      at = c.oldStart + c.oldCount;
      newCount += c.lines.length;
      localShift += c.lines.length - c.oldCount;
    }
    for (; at < end; at++, newCount++) body.push(show(' ', old[at] as string));
    const range = (s: number, n: number): string => (n === 1 ? `${s + 1}` : `${n === 0 ? s : s + 1},${n}`);
    hunks.push(`@@ -${range(start, end - start)} +${range(start + shift, newCount)} @@\n${body.join('\n')}\n`);
    shift += localShift;
    i = j + 1;
  }
  return `diff --git a/${displayPath} b/${displayPath}\n--- a/${displayPath}\n+++ b/${displayPath}\n${hunks.join('')}`;
}
