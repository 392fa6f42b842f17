// The project's .flakescope folder holds two kinds of file: the local history (history.db, never
// committed) and the quarantine list (quarantine.json, committed so the team shares it). A
// .gitignore inside it, written once, keeps the first out of git and lets the second in, as
// pytest's and mypy's caches do for themselves (git reads an ignored .gitignore too, so it hides itself).
import { writeFile } from 'node:fs/promises';
import { canAccess } from '../fs/can-access.js';
import { ensurePrivateDir } from '../fs/atomic.js';
import path from 'node:path';

export const FLAKESCOPE_DIR = '.flakescope';
export const QUARANTINE_FILE = 'quarantine.json';

const GITIGNORE = `# Written by flakescope: the history and run output stay local; the quarantine list is committed.
*
!${QUARANTINE_FILE}
`;

/** Creates the folder if needed, with its .gitignore unless one is there already (the user's own wins). */
export async function ensureFlakescopeDir(dir: string): Promise<void> {
  await ensurePrivateDir(dir);
  const ignore = path.join(dir, '.gitignore');
  if (!(await canAccess(ignore))) await writeFile(ignore, GITIGNORE, { flag: 'wx' }).catch(() => undefined);
}
