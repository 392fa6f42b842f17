// Runs a reproducer exactly as it is printed — its argv, in its cwd, with its env on top of this
// environment (less any FLAKESCOPE_* of our own) and no trace dir unless asked — and counts failures.
import { writeFile } from 'node:fs/promises';
import type { Reproduce } from '../check/reproduce.js';
import { spawnCommand } from '../run/spawn.js';

export interface ReplayTarget extends Pick<Reproduce, 'argv' | 'env' | 'cwd'> {
  /** A load-list runner's list: written to `listFile` before each replay. */
  listText?: string;
  listFile?: string;
}

export interface ReplayOptions {
  /** Wall-clock limit of one replay; past it the process tree is killed and the replay counts as failed. */
  limitMs: number;
  /** The command's output goes here (appended), never to the terminal. */
  logFile: string;
  /** Extra variables for this replay only (tracing, for `flakescope repro`). */
  extraEnv?: (i: number) => Record<string, string>;
}

export interface ReplayResult {
  failed: boolean;
  exitCode: number | null;
  signal: string | null;
  killed: boolean;
  durationMs: number;
  interruptedBy: NodeJS.Signals | null;
}

/** The environment a pasted `env K=V ... argv` gets from the shell it is pasted into. */
export function replayEnv(base: NodeJS.ProcessEnv, r: Pick<Reproduce, 'env'>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('FLAKESCOPE_')) env[k] = v;
  return { ...env, ...r.env, ...extra };
}

export async function replayOnce(r: ReplayTarget, i: number, opts: ReplayOptions): Promise<ReplayResult> {
  if (r.listText !== undefined && r.listFile !== undefined) await writeFile(r.listFile, r.listText, { mode: 0o600 });
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const env = replayEnv(process.env, r, opts.extraEnv?.(i) ?? {});
  let result;
  try {
    result = await spawnCommand(r.argv, env, (_pgid, killTree) => {
      timer = setTimeout(() => {
        killed = true;
        killTree('SIGKILL');
      }, opts.limitMs);
    }, opts.logFile, r.cwd);
  } finally {
    clearTimeout(timer);
  }
  return { failed: killed || result.exitCode !== 0, exitCode: result.exitCode, signal: result.signal, killed, durationMs: result.durationMs, interruptedBy: result.interruptedBy };
}
