// --apply: the verified fixes written into the user's files as one change, ready to review and commit.
// Fixes whose edits clash with an earlier one are left out; when more than one is applied, the whole
// command runs once with all of them in the scratch copy first, and nothing is written if a test that
// passed before fails. A file that changed since its fix was made is never written.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { applyEdits, byFile, dedupe, overlaps, type Edit } from './edit.js';
import { patchPath } from './patch-path.js';
import { FIXES_DIR } from './record.js';
import type { FixOutcome, FixSession } from './session.js';
import { unifiedDiff } from './unified-diff.js';

export const APPLIED_PATCH = 'applied.patch';

export interface Applied {
  applied: FixOutcome[];
  /** Verified fixes not written, with why. */
  skipped: Array<{ finding: string; reason: string }>;
  /** Lines added and removed per file (display names). */
  files: Array<{ file: string; added: number; removed: number }>;
  /** Set when the fixes together broke a test: nothing was written. */
  together?: string;
}

const counts = (patch: string): { added: number; removed: number } => ({
  added: patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length,
  removed: patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length,
});

export async function applyFixes(outcomes: FixOutcome[], session: FixSession, outDir: string, cwd: string): Promise<Applied> {
  const accepted: FixOutcome[] = [];
  const skipped: Applied['skipped'] = [];
  let edits: Edit[] = [];
  for (const o of outcomes) {
    if (o.record.status !== 'verified') continue;
    const fresh = o.edits.filter((e) => !edits.some((x) => x.file === e.file && x.start === e.start && x.end === e.end && x.text === e.text));
    const clash = fresh.find((e) => edits.some((x) => overlaps(x, e)));
    if (clash) {
      skipped.push({ finding: o.record.finding, reason: `its edit in ${session.display(clash.file)} overlaps an earlier fix's` });
      continue;
    }
    accepted.push(o);
    edits = dedupe([...edits, ...fresh]);
  }
  if (accepted.length === 0) return { applied: [], skipped, files: [] };
  if (accepted.length > 1) {
    const changed = await session.checkTogether(edits);
    if (changed.length > 0) {
      return { applied: [], skipped, files: [], together: `together the fixes made tests that passed before fail (${changed.map((c) => `${c.test} ${c.after}`).join(', ')}); nothing was written: apply the patches in ${FIXES_DIR}/ one at a time` };
    }
  }
  const files: Applied['files'] = [];
  const patches: string[] = [];
  const writes: Array<{ file: string; text: string }> = [];
  for (const [file, list] of byFile(edits)) {
    const before = await session.original(file);
    const now = await readFile(file, 'utf8').catch(() => null);
    if (before === null || now !== before) throw new UsageError(`${session.display(file)} changed since flakescope fix read it; run flakescope fix again`);
    const patch = unifiedDiff(patchPath(file, cwd), before, list);
    patches.push(patch);
    files.push({ file: session.display(file), ...counts(patch) });
    writes.push({ file, text: applyEdits(before, list) });
  }
  // writeFile keeps each file's mode and owner: these are the user's sources, not our output.
  for (const w of writes) await writeFile(w.file, w.text);
  await writeFileAtomic(path.join(outDir, FIXES_DIR, APPLIED_PATCH), patches.join(''));
  return { applied: accepted, skipped, files };
}
