// Private, crash-safe file output: a killed flakescope never leaves a half-written report.
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors.js';

/** Files flakescope writes may contain test names, paths and messages: owner-only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const isDir = (p: string): Promise<boolean> => stat(p).then((s) => s.isDirectory(), () => false);

/** Creates `dir` (and parents) owner-only; an existing folder is left as it is. Hand-rolled because Node's
 *  `mkdir({recursive: true})` loops forever under /proc, where mkdir answers ENOENT with the parent present. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: PRIVATE_DIR_MODE });
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST' && (await isDir(dir))) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || (await isDir(parent))) throw err;
    await ensurePrivateDir(parent);
    await ensurePrivateDir(dir);
  }
}

/** Writes a temp file in the same folder (same filesystem, so rename is atomic), fsyncs it, renames it over `file`. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(file);
  // node:crypto takes longer to load than the rest of a run's start-up path: loaded when first written.
  const { randomBytes } = await import('node:crypto');
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
