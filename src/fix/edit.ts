// A fix is a set of splices into the original text of the suite's files: replace [start, end) with
// text. Everything outside them stays byte for byte, which is what keeps the user's formatting.

export interface Edit {
  /** Absolute path. */
  file: string;
  start: number;
  end: number;
  text: string;
}

const same = (a: Edit, b: Edit): boolean => a.file === b.file && a.start === b.start && a.end === b.end && a.text === b.text;

/** Whether two edits touch the same text (two insertions at one point do not: both are kept, in order). */
export function overlaps(a: Edit, b: Edit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === a.end || b.start === b.end) return a.start < b.end && b.start < a.end && a.start !== b.start;
  return a.start < b.end && b.start < a.end;
}

/** Edits with identical duplicates dropped (two fixers asking for the same import or parameter). */
export function dedupe(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) if (!out.some((o) => same(o, e))) out.push(e);
  return out;
}

/** The first pair of edits that touch the same text, or null. */
export function conflict(edits: readonly Edit[]): [Edit, Edit] | null {
  for (let i = 0; i < edits.length; i++) {
    for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i] as Edit, edits[j] as Edit)) return [edits[i] as Edit, edits[j] as Edit];
  }
  return null;
}

/** The text with the edits of one file applied (they must not overlap; insertions at one point keep their order). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((x, y) => x.e.start - y.e.start || x.e.end - y.e.end || x.i - y.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    out += text.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  return out + text.slice(at);
}

/** Edits grouped by file, each file's in the order given. */
export function byFile(edits: readonly Edit[]): Map<string, Edit[]> {
  const out = new Map<string, Edit[]>();
  for (const e of edits) out.set(e.file, [...(out.get(e.file) ?? []), e]);
  return out;
}
