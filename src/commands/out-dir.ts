// Preparing the output folder for a new run.
import { access, chmod, constants, readdir, rename, rm, stat } from 'node:fs/promises';
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

/** A previous run's outputs are renamed with this prefix and deleted while the new run starts: the
 *  traces of a long session are thousands of files, and deleting them first delayed the child. A
 *  deletion cut short (flakescope killed) is finished by the next run. */
const STALE_PREFIX = '.stale-';

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

/** Deletes what earlier runs set aside in `outDir` (STALE_PREFIX); a failure leaves it for the next run. */
async function removeStale(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(STALE_PREFIX)).map((n) => rm(path.join(outDir, n), { recursive: true, force: true }).catch(() => undefined)));
}

export interface PreparedOutDir {
  tracesDir: string;
  /** Deletes the previous run's outputs, already out of the way: when the caller has time for it. */
  removeStale: () => Promise<void>;
}

/** Creates the output folder (0700) and moves a previous `traces/` out of the way: its stale runs and
 *  processes would otherwise be read back as part of this run. */
export async function prepareOutDir(outDir: string): Promise<PreparedOutDir> {
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
    // Logs of the previous run's reruns would read as this run's, and its reproducers as this run's;
    // and fixes proposed for the previous run's findings.
    const stale = `${STALE_PREFIX}${process.pid}-${Date.now()}-`;
    await Promise.all(['traces', LOGS_DIR, REPRODUCERS_FILE, REPRO_DIR, FIXES_FILE, FIXES_DIR].map((name) =>
      rename(path.join(outDir, name), path.join(outDir, stale + name)).catch((err: unknown) => {
        if (errnoCode(err) !== 'ENOENT') throw err;
      })));
  }
  await ensurePrivateDir(tracesDir);
  return { tracesDir, removeStale: () => removeStale(outDir) };
}
