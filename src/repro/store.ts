// <out>/reproducers.json: the reproducers of a run keyed by finding id (ids are stable, finding-id.ts),
// so `check` and `report` re-attach them to the findings they re-derive; <out>/repro/ holds their files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { reproduceOf, type Reproduce } from '../check/reproduce.js';
import { errnoCode, ToolError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';

export const REPRODUCERS_FILE = 'reproducers.json';
/** Load-lists, replay logs and `flakescope repro` traces. */
export const REPRO_DIR = 'repro';

export type Reproducers = Record<string, Reproduce>;

export async function saveReproducers(outDir: string, reproducers: Reproducers): Promise<void> {
  await writeFileAtomic(path.join(outDir, REPRODUCERS_FILE), `${JSON.stringify(reproducers, null, 2)}\n`);
}

/** The stored reproducers; none when the file is absent (a run without them, or --no-repro). */
export async function loadReproducers(outDir: string): Promise<Reproducers> {
  const file = path.join(outDir, REPRODUCERS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw new ToolError(`cannot read ${file} (${errnoCode(err) ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ToolError(`${file} is not valid JSON; delete it to drop the reproducers, or rerun flakescope run`);
  }
  const out: Reproducers = {};
  for (const [id, value] of Object.entries(typeof parsed === 'object' && parsed !== null ? parsed : {})) {
    const r = reproduceOf({ evidence: { reproduce: value } });
    if (r) out[id] = r;
  }
  return out;
}
