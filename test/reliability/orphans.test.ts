// Process hygiene (issue 8): SIGINT or SIGTERM of flakescope stops the whole process tree of the
// traced command (it runs in its own process group). A real Python suite whose test starts a
// grandchild `sleep 300`, also one that ignores SIGINT/SIGTERM, must leave no process behind.
// (--timeout is not on this branch yet; its hang handling is covered where it lands.)
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** How long to wait for the tree to start or stop; generous for a loaded 2-core machine. */
const WAIT_MS = 30_000;
/** Poll interval while waiting. */
const POLL_MS = 50;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    // A zombie still answers kill(0); it holds no resources and its parent reaps it.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function waitFor(pred: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < WAIT_MS; waited += POLL_MS) {
    if (pred()) return true;
    await sleep(POLL_MS);
  }
  return pred();
}

/** A unittest suite whose test starts grandchildren (a plain one and, optionally, one that ignores
 *  SIGINT and SIGTERM), writes their pids, then blocks. */
const suite = (ignoring: boolean) => `
import os, signal, subprocess, time, unittest

class T(unittest.TestCase):
    def test_starts_grandchildren(self):
        pids = [subprocess.Popen(["sleep", "300"]).pid]
        if ${ignoring ? 'True' : 'False'}:
            def ignore():
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            pids.append(subprocess.Popen(["sleep", "301"], preexec_fn=ignore).pid)
        with open("pids.tmp", "w") as f:
            f.write(" ".join(map(str, pids)))
        os.rename("pids.tmp", "pids")
        time.sleep(300)
`;

const cases: Array<[NodeJS.Signals, boolean, number]> = [
  ['SIGTERM', false, 143],
  ['SIGINT', false, 130],
  ['SIGTERM', true, 143],
];

for (const [signal, ignoring, exitCode] of cases) {
  t.test(`${signal} to flakescope${ignoring ? ', grandchild ignores signals' : ''}: no process left, report written`, async (t) => {
    const dir = t.testdir({ 'test_tree.py': suite(ignoring) });
    const pidFile = path.join(dir, 'pids');
    const child = spawn(process.execPath, [CLI, 'run', '--out', 'o', '--quiet', '--', 'python3', '-m', 'unittest', 'test_tree'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    t.teardown(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    t.ok(await waitFor(() => existsSync(pidFile)), 'grandchildren started');
    const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    t.ok(pids.every(alive), `grandchildren ${pids.join(', ')} alive`);
    child.kill(signal);
    t.equal(await exited, exitCode, `exit 128+${signal}`);
    t.ok(await waitFor(() => !pids.some(alive)), 'no grandchild left');
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    t.ok(existsSync(path.join(dir, 'o', 'report.json')), 'report.json still written');
  });
}
