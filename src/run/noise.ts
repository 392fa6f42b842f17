// CPU noise, Shaker-style: busy-loop stressor processes that compete with the test for CPU while a
// run lasts. They stay in flakescope's own process group (an interrupt reaches them too) and are
// killed when the run ends and, at the latest, when flakescope exits: no stressor outlives us.
import { execa, type ResultPromise } from 'execa';

/** A plain busy loop: pure CPU load, no memory or I/O, so the effect is scheduling only. */
const BUSY_LOOP = 'for(;;){}';

export interface Noise {
  pids: number[];
  stop(): Promise<void>;
}

type Stressor = ResultPromise<{ stdio: 'ignore'; reject: false }>;

const live = new Set<Stressor>();
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
    const c: Stressor = execa(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore', reject: false });
    live.add(c);
    return c;
  });
  return {
    pids: children.map((c) => c.pid).filter((p): p is number => p !== undefined),
    async stop() {
      for (const c of children) c.kill('SIGKILL');
      await Promise.all(children);
      for (const c of children) live.delete(c);
    },
  };
}
