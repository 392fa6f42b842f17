// CPU noise, Shaker-style: busy-loop stressor processes that compete with the test for CPU while a
// run lasts. Each stressor runs in a session of its own, as the command does: with the kernel's
// autogroup scheduling (the Linux default on desktops and many CI images) CPU is shared fairly between
// sessions, so stressors left in flakescope's session would only compete with flakescope and the test
// would keep a whole core. They are killed when the run ends and on flakescope's exit; if flakescope
// itself is killed, each stressor notices it was orphaned and exits: no stressor outlives us.
import { availableParallelism } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';

/** Iterations of the busy loop between checks that flakescope is still its parent: 2^24 is about
 *  10-30 ms of spinning, so an orphaned stressor exits promptly and the check costs nothing. */
const ORPHAN_CHECK_EVERY = 0xffffff;
/** Whether the stressor's parent changed (it was orphaned). Node caches process.ppid at start-up, so
 *  the live value comes from /proc; elsewhere, whether the original parent still exists. */
const ORPHANED = `(() => { try { const s = require('fs').readFileSync('/proc/self/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) !== p; } catch { try { process.kill(p, 0); return false; } catch { return true; } } })()`;
/** Pure CPU load (no memory or I/O, so the effect is scheduling only) that exits once orphaned. The
 *  parent's pid comes as an argument: read at the stressor's start-up it could already be init's. */
const BUSY_LOOP = `const p = Number(process.argv[1]); for (let i = 0; ; i++) if ((i & ${ORPHAN_CHECK_EVERY}) === 0 && ${ORPHANED}) process.exit(0);`;

export interface Noise {
  pids: number[];
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** Kills a stressor and resolves once it is gone. */
function stopped(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return Promise.resolve();
  const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  c.kill('SIGKILL');
  return gone;
}

/** `perCore` stressors for every core: with the kernel's per-session fair share, a test then gets
 *  1/(perCore+1) of a core whatever the machine's size, as Shaker's load does. */
export function startNoise(perCore: number, cores = availableParallelism()): Noise {
  killAllOnExit();
  const children = Array.from({ length: Math.max(0, Math.round(perCore * cores)) }, () => {
    const c = spawn(process.execPath, ['-e', BUSY_LOOP, String(process.pid)], { stdio: 'ignore', detached: true });
    c.on('error', () => undefined); // a stressor that cannot start is no noise, not a failed run
    live.add(c);
    return c;
  });
  return {
    pids: children.map((c) => c.pid).filter((p): p is number => p !== undefined),
    async stop() {
      await Promise.all(children.map(stopped));
      for (const c of children) live.delete(c);
    },
  };
}
