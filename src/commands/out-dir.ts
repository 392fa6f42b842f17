// Preparing the output folder for a new run.
import { access, chmod, constants, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, UsageError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE } from '../fs/atomic.js';
import { canAccess } from '../fs/can-access.js';
import { MANIFEST_FILE } from '../run/manifest.js';
import { REPRO_DIR, REPRODUCERS_FILE } from '../repro/store.js';
import { FIXES_DIR, FIXES_FILE } from '../fix/record.js';

const RUN_DIR = /^\d+$/;

/** Rerun output (runs after the baseline), one <index>.log per run. */
export const LOGS_DIR = 'logs';

/** A traces folder is ours if run.json sits next to it or it holds nothing but run-number folders;
 *  anything else may be the user's own data, which we must not delete. */
async function isOurTraces(outDir: string, tracesDir: string): Promise<boolean> {
  if (await canAccess(path.join(outDir, MANIFEST_FILE))) return true;
  const entries = await readdir(tracesDir, { withFileTypes: true });
  return entries.every((e) => e.isDirectory() && RUN_DIR.test(e.name));
}

/** An existing folder that is empty or already ours is made owner-only, like one we create; a folder
 *  holding anything else belongs to the user, whose permissions we leave alone. */
async function tightenIfOurs(outDir: string): Promise<void> {
  const mode = (await stat(outDir)).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const empty = (await readdir(outDir)).length === 0;
  if (empty || (await canAccess(path.join(outDir, MANIFEST_FILE)))) await chmod(outDir, PRIVATE_DIR_MODE);
}

/** Creates the output folder (0700) and removes a previous `traces/`: its stale runs and processes would
 *  otherwise be read back as part of this run. Returns the traces folder. */
export async function prepareOutDir(outDir: string): Promise<string> {
  try {
    await ensurePrivateDir(outDir);
    await access(outDir, constants.W_OK);
    await tightenIfOurs(outDir);
  } catch (err) {
    throw new UsageError(`cannot use output folder ${outDir} (${errnoCode(err) ?? (err as Error).message}); choose another with --out`);
  }
  const tracesDir = path.join(outDir, 'traces');
  if (await canAccess(tracesDir)) {
    if (!(await isOurTraces(outDir, tracesDir))) {
      throw new UsageError(`${tracesDir} exists and was not written by flakescope; choose another --out`);
    }
    await rm(tracesDir, { recursive: true, force: true });
    // Logs of the previous run's reruns would read as this run's, and its reproducers as this run's.
    await rm(path.join(outDir, LOGS_DIR), { recursive: true, force: true });
    await rm(path.join(outDir, REPRODUCERS_FILE), { force: true });
    await rm(path.join(outDir, REPRO_DIR), { recursive: true, force: true });
    // Fixes proposed for the previous run's findings.
    await rm(path.join(outDir, FIXES_FILE), { force: true });
    await rm(path.join(outDir, FIXES_DIR), { recursive: true, force: true });
  }
  await ensurePrivateDir(tracesDir);
  return tracesDir;
}
