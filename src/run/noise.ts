// CPU noise, Shaker-style: busy-loop stressor processes that compete with the test for CPU while a
// run lasts. They stay in flakescope's own process group (an interrupt reaches them too) and are
// killed when the run ends and, at the latest, when flakescope exits: no stressor outlives us.
import { spawn, type ChildProcess } from 'node:child_process';

/** A plain busy loop: pure CPU load, no memory or I/O, so the effect is scheduling only. */
const BUSY_LOOP = 'for(;;){}';

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

export function startNoise(count: number): Noise {
  killAllOnExit();
  const children = Array.from({ length: Math.max(0, count) }, () => {
    const c = spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' });
    live.add(c);
    return c;
  });
  return {
    pids: children.map((c) => c.pid).filter((p): p is number => p !== undefined),
    async stop() {
      await Promise.all(children.map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      })));
      for (const c of children) live.delete(c);
    },
  };
}
