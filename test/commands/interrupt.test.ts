// SIGTERM to flakescope stops the whole process tree of the command: no orphans.
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** How long to wait for the child tree to start or stop; generous for a loaded CI machine. */
const WAIT_MS = 20_000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(pred: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < WAIT_MS; waited += 50) {
    if (pred()) return true;
    await sleep(50);
  }
  return pred();
}

t.test('SIGTERM: the grandchild is gone, a report is still written, exit 128+15', async (t) => {
  const dir = t.testdir({});
  const pidFile = path.join(dir, 'grandchild.pid');
  // The command starts a grandchild that would outlive it, then waits.
  const child = spawn(process.execPath, [CLI, 'run', '--out', 'o', '--quiet', '--', 'sh', '-c', `sleep 300 & echo $! > ${pidFile}; wait`], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.ok(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== ''), 'grandchild started');
  const grandchild = Number(readFileSync(pidFile, 'utf8'));
  t.ok(alive(grandchild));
  child.kill('SIGTERM');
  t.equal(await exited, 143);
  t.ok(await waitFor(() => !alive(grandchild)), 'grandchild killed with the group');
  t.ok(existsSync(path.join(dir, 'o', 'report.json')), 'report still written');
});
