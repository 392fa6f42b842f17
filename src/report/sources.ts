// Source text for the HTML report's excerpts, read at render time from the files findings point at.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../check/finding.js';

/** Larger files are not test code worth excerpting (generated or vendored); reading them costs memory. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Distinct files read per report: excerpts past this many add little and cost a read each. */
export const MAX_SOURCE_FILES = 200;

async function readBounded(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return null;
    return await handle.readFile('utf8');
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** Text by site.file (as written in the finding); relative paths are resolved against the run's cwd.
 *  Files that are missing, unreadable, not regular or too large are left out (the HTML says so). */
export async function readSources(findings: readonly Finding[], cwd: string): Promise<Map<string, string>> {
  const files = [...new Set(findings.flatMap((f) => (f.site ? [f.site.file] : [])))].slice(0, MAX_SOURCE_FILES);
  const out = new Map<string, string>();
  for (const file of files) {
    const text = await readBounded(path.resolve(cwd, file));
    if (text !== null) out.set(file, text);
  }
  return out;
}
