// Runs the user's command: argv array (never a shell), output streamed live (or, redacted, into a log
// file for reruns), the child tree in its own process group so an interrupt of flakescope stops every process it started.
// node:child_process, not execa: nothing here needs execa's pipes, and loading its few hundred modules
// delayed every start-up before the child could start (bench/startup.mjs measures start-up).
import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import type { RedactedLog } from './redacted-log.js';

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

/** After the command exits, how long its output pipes may stay open (a leaked child still writing)
 *  before the log is closed without them: the run is over, and an open pipe would keep flakescope alive. */
export const LOG_DRAIN_GRACE_MS = 1_000;

type Ended = { code: number | null; signal: NodeJS.Signals | null } | { error: NodeJS.ErrnoException };

/** `logFile`: the child's stdout and stderr go there instead of the terminal. `cwd`: default ours. */
export async function spawnCommand(argv: string[], env: NodeJS.ProcessEnv, onSpawn?: OnSpawn, logFile?: string, cwd?: string): Promise<SpawnResult> {
  const [file, ...args] = argv;
  if (file === undefined || file === '') throw new UsageError('no command given: put it after --, e.g. flakescope run -- python3 -m pytest');
  // hrtime, not performance.now(): the first use of `performance` loads perf_hooks, before the child starts.
  const started = process.hrtime.bigint();
  const log = logFile === undefined ? undefined : await openLog(logFile, env);
  const child = spawn(file, args, {
    // stdin is not inherited: a child in a background process group that reads the terminal would be stopped (SIGTTIN).
    stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'],
    env,
    ...(cwd !== undefined ? { cwd } : {}),
    detached: true,
  });
  const outputs = [child.stdout, child.stderr].filter((s) => s !== null);
  const drained = Promise.all(outputs.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))));
  if (log) for (const s of outputs) log.attach(s);
  const ended = new Promise<Ended>((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
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
    const result = await ended;
    if ('error' in result) {
      if (result.error.code === 'ENOENT') throw new UsageError(`command not found: ${file} (check the spelling or your PATH)`);
      if (result.error.code === 'EACCES') throw new UsageError(`command is not executable: ${file}`);
      throw new UsageError(`could not start ${file}: ${result.error.message.split('\n')[0]}`);
    }
    // Interrupted: the leader is gone; stop anything it left behind in its group so nothing is orphaned.
    if (interruptedBy !== null) killGroup(child.pid, 'SIGKILL');
    return {
      exitCode: result.code,
      signal: result.signal,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      interruptedBy,
    };
  } finally {
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
    clearTimeout(killTimer);
    if (log) await closeLog(log, drained, outputs);
  }
}

/** The log of a rerun, redacting the secrets of its environment; loaded only for reruns (the baseline
 *  streams to the terminal), so the first child starts without it. */
async function openLog(file: string, env: NodeJS.ProcessEnv): Promise<RedactedLog> {
  const [{ RedactedLog }, { knownSecretsFromEnv }] = await Promise.all([import('./redacted-log.js'), import('../trace/redact.js')]);
  return new RedactedLog(file, knownSecretsFromEnv(env));
}

/** Waits for the output pipes to finish (up to LOG_DRAIN_GRACE_MS), then closes them and the log. */
async function closeLog(log: RedactedLog, drained: Promise<unknown>, outputs: Array<{ destroy(): void }>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([drained, new Promise<void>((resolve) => { timer = setTimeout(resolve, LOG_DRAIN_GRACE_MS); })]);
  clearTimeout(timer);
  for (const s of outputs) s.destroy();
  log.close();
}
