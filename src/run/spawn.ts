// Runs the user's command: argv array (never a shell), output streamed live (or into a log file for
// reruns), the child tree in its own process group so an interrupt of flakescope stops every process it started.
import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';
import { UsageError } from '../errors.js';

/** After forwarding SIGINT/SIGTERM, how long the tree gets to finish teardown and flush its traces
 *  before the whole group is SIGKILLed: pytest/unittest stop within a second or two on Ctrl-C. */
export const KILL_GRACE_MS = 5_000;

/** Signals of flakescope that are forwarded to the child's process group. */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface SpawnResult {
  exitCode: number | null;
  /** Signal that ended the command, e.g. "SIGKILL". */
  signal: string | null;
  durationMs: number;
  /** Set when flakescope itself received this signal and stopped the tree. */
  interruptedBy: NodeJS.Signals | null;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** Called once the child runs: its pid (= its process group) and a way to signal the whole group. */
export type OnSpawn = (pgid: number, killTree: (signal: NodeJS.Signals) => void) => void;

/** Creates the log file private (0600) before execa appends to it, since execa would create it 0644. */
function privateLog(file: string): { file: string; append: true } {
  closeSync(openSync(file, 'a', 0o600));
  return { file, append: true };
}

/** `logFile`: the child's stdout and stderr go there instead of the terminal. `cwd`: default ours. */
export async function spawnCommand(argv: string[], env: NodeJS.ProcessEnv, onSpawn?: OnSpawn, logFile?: string, cwd?: string): Promise<SpawnResult> {
  const [file, ...args] = argv;
  if (file === undefined || file === '') throw new UsageError('no command given: put it after --, e.g. flakescope run -- python3 -m pytest');
  const started = performance.now();
  const child = execa(file, args, {
    // stdin is not inherited: a child in a background process group that reads the terminal would be stopped (SIGTTIN).
    stdin: 'ignore',
    stdout: logFile === undefined ? 'inherit' : privateLog(logFile),
    stderr: logFile === undefined ? 'inherit' : privateLog(logFile),
    env,
    ...(cwd !== undefined ? { cwd } : {}),
    extendEnv: false,
    detached: true,
    reject: false,
    cleanup: false,
  });
  let interruptedBy: NodeJS.Signals | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interruptedBy ??= signal;
    killGroup(child.pid, signal);
    killTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
  };
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  if (child.pid !== undefined) onSpawn?.(child.pid, (signal) => killGroup(child.pid, signal));
  try {
    const result = await child;
    if (result.code === 'ENOENT') throw new UsageError(`command not found: ${file} (check the spelling or your PATH)`);
    if (result.code === 'EACCES') throw new UsageError(`command is not executable: ${file}`);
    if (result.exitCode === undefined && result.signal === undefined) {
      throw new UsageError(`could not start ${file}: ${(result.shortMessage ?? 'unknown error').split('\n')[0]}`);
    }
    // Interrupted: the leader is gone; stop anything it left behind in its group so nothing is orphaned.
    if (interruptedBy !== null) killGroup(child.pid, 'SIGKILL');
    return {
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      durationMs: Math.round(performance.now() - started),
      interruptedBy,
    };
  } finally {
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
    clearTimeout(killTimer);
  }
}
