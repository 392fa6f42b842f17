// CPU stressors die with the run: when it stops them, and when flakescope itself is killed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startNoise } from '../../src/run/noise.js';

/** Running (a zombie has exited: only its parent, init here, has yet to collect its status). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
};
/** Waits up to `ms` for every pid to be gone; returns those still alive. */
async function survivors(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  while (pids.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}
// An orphaned stressor checks its parent every few tens of ms; 5 s leaves room for a loaded machine.
const ORPHAN_EXIT_MS = 5_000;

t.test('stressors run in sessions of their own and are gone once stopped', async (t) => {
  const noise = startNoise(2, 1);
  t.equal(noise.pids.length, 2, 'two per core on one core');
  t.ok(noise.pids.every(alive), 'running while the run lasts');
  await noise.stop();
  t.same(await survivors(noise.pids, 1_000), [], 'none left after stop()');
});

t.test('the count scales with the cores', async (t) => {
  const noise = startNoise(1, 3);
  t.equal(noise.pids.length, 3);
  await noise.stop();
});

t.test('zero stressors is a no-op', async (t) => {
  const noise = startNoise(0);
  t.same(noise.pids, []);
  await noise.stop();
});

const built = fileURLToPath(new URL('../../dist/run/noise.js', import.meta.url));
t.test('stressors exit when flakescope is killed (no orphans)', { skip: existsSync(built) ? false : 'run `npm run build` first' }, async (t) => {
  const script = `import(${JSON.stringify(built)}).then((m) => { const n = m.startNoise(2, 1); console.log(JSON.stringify(n.pids)); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as number[])));
  t.ok(pids.length === 2 && pids.every(alive), 'stressors started by the child');
  child.kill('SIGKILL');
  const left = await survivors(pids, ORPHAN_EXIT_MS);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  t.same(left, [], 'every stressor exited on its own once its parent was killed');
});
