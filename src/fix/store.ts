// <out>/fixes.json and <out>/fixes/<finding-id>.patch: written by `flakescope fix`, read back by
// `check` and `report`, which attach each record to its finding as evidence.fix (as reproducers are).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../check/finding.js';
import { errnoCode, ToolError } from '../errors.js';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic.js';
import { FIXES_DIR, FIXES_FILE, isFixRecord, type FixRecord, type FixesFile } from './record.js';

/** A finding id as a file name (ids are kind:hex; anything else is replaced, never a path separator). */
export const patchFileName = (id: string): string => `${id.replace(/[^A-Za-z0-9_.:-]/g, '_')}.patch`;

export async function saveFixes(outDir: string, records: FixRecord[]): Promise<void> {
  const dir = path.join(outDir, FIXES_DIR);
  await rm(dir, { recursive: true, force: true });
  await ensurePrivateDir(dir);
  for (const r of records) if (r.patch) await writeFileAtomic(path.join(dir, patchFileName(r.finding)), r.patch);
  const file: FixesFile = { fixes: records };
  await writeFileAtomic(path.join(outDir, FIXES_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

/** The stored fixes by finding id; none when `flakescope fix` has not run on this folder. */
export async function loadFixes(outDir: string): Promise<Map<string, FixRecord>> {
  const file = path.join(outDir, FIXES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return new Map();
    throw new ToolError(`cannot read ${file} (${errnoCode(err) ?? (err as Error).message})`);
  }
  let parsed: Partial<FixesFile>;
  try {
    parsed = JSON.parse(text) as Partial<FixesFile>;
  } catch {
    throw new ToolError(`${file} is not valid JSON; delete it (and ${FIXES_DIR}/) or run flakescope fix again`);
  }
  const list = Array.isArray(parsed?.fixes) ? parsed.fixes : [];
  return new Map(list.filter(isFixRecord).map((r) => [r.finding, r]));
}

export function attachFixes(findings: Finding[], fixes: ReadonlyMap<string, FixRecord>): Finding[] {
  if (fixes.size === 0) return findings;
  return findings.map((f) => {
    const r = fixes.get(f.id);
    return r ? { ...f, evidence: { ...f.evidence, fix: r } } : f;
  });
}
