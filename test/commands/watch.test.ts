// flakescope watch end to end: a real unittest suite in a temp folder, an edit, the change summary,
// then SIGINT/SIGTERM: exit 0 and no Python process of that folder left, also when a run is in progress.
import t from 'tap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** How long to wait for a run or a stop: generous for a loaded 2-core machine. */
const WAIT_MS = 60_000;
/** Poll interval while waiting. */
const POLL_MS = 50;

const PASSING = `import unittest

class T(unittest.TestCase):
    def test_one(self):
        pass

    def test_two(self):
        pass
`;
const LEAKING = `import unittest
from unittest import mock

class T(unittest.TestCase):
    def test_one(self):
        mock.patch("json.dumps").start()

    def test_two(self):
        pass
`;
const HANGING = `import time, unittest

class T(unittest.TestCase):
    def test_one(self):
        time.sleep(300)
`;
const OTHER = `import unittest

class U(unittest.TestCase):
    def test_other(self):
        pass
`;

/** Python processes whose working folder is `dir` (zombies hold nothing and are skipped). */
function pythonsIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== dir) continue;
      if (/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('python')) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

async function waitFor(pred: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < WAIT_MS; waited += POLL_MS) {
    if (pred()) return true;
    await sleep(POLL_MS);
  }
  return pred();
}

interface Watched { child: ChildProcess; out: () => string; exited: Promise<number | null> }

function startWatch(dir: string): Watched {
  const child = spawn(process.execPath, [CLI, 'watch', '--quiet', '--out', 'o', '--', 'python3', '-m', 'unittest', 'test_a', 'test_b'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

const report = (dir: string): { tests: Array<{ id: string }>; findings: Array<{ kind: string; test: string }> } =>
  JSON.parse(readFileSync(path.join(dir, 'o', 'report.json'), 'utf8'));

t.test('an edit gives a second report and the change summary; SIGINT ends with exit 0 and nothing running', async (t) => {
  const dir = t.testdir({ 'test_a.py': PASSING, 'test_b.py': OTHER });
  const w = startWatch(dir);
  t.teardown(() => { w.child.kill('SIGKILL'); });
  t.ok(await waitFor(() => w.out().includes('watching *.py')), 'first run done');
  t.match(w.out(), /first run: 3 test\(s\), 0 finding\(s\)/);
  t.equal(report(dir).findings.length, 0);
  writeFileSync(path.join(dir, 'test_a.py'), LEAKING);
  t.ok(await waitFor(() => w.out().includes('changes since the last run')), 'second run done');
  await waitFor(() => (w.out().match(/watching \*\.py/g) ?? []).length === 2);
  t.match(w.out(), /reran the tests of 1 module\(s\): only test files changed \(test_a\.py\)/);
  t.match(w.out(), /\+ new finding: error leaked-patch in test_a\.T\.test_one \(test_a\.py:6\)/);
  t.match(w.out(), /status: exit 1 \(/);
  const second = report(dir);
  t.same(second.tests.map((x) => x.id).sort(), ['test_a.T.test_one', 'test_a.T.test_two'], 'the second run covered only test_a');
  t.ok(second.findings.some((f) => f.kind === 'leaked-patch' && f.test === 'test_a.T.test_one'));
  w.child.kill('SIGINT');
  t.equal(await w.exited, 0);
  t.match(w.out(), /stopped by SIGINT/);
  t.same(pythonsIn(dir), [], 'no python process of that folder remains');
});

t.test('SIGTERM during a run stops the run (its process group) and the watch', async (t) => {
  const dir = t.testdir({ 'test_a.py': PASSING, 'test_b.py': OTHER });
  const w = startWatch(dir);
  t.teardown(() => { w.child.kill('SIGKILL'); });
  t.ok(await waitFor(() => w.out().includes('watching *.py')), 'first run done');
  writeFileSync(path.join(dir, 'test_a.py'), HANGING);
  t.ok(await waitFor(() => pythonsIn(dir).length > 0), 'the rerun is running');
  const started = Date.now();
  w.child.kill('SIGTERM');
  t.equal(await w.exited, 0);
  t.ok(Date.now() - started < WAIT_MS, 'did not wait for the 300 s test');
  t.ok(await waitFor(() => pythonsIn(dir).length === 0), 'no python process of that folder remains');
  t.notMatch(w.out(), /changes since the last run/, 'an interrupted run is not compared');
});

t.test('usage errors exit 2', async (t) => {
  const dir = t.testdir({});
  const unknown = spawnSync(process.execPath, [CLI, 'watch', '--no-such-flag', '--', 'python3', '-m', 'unittest'], { cwd: dir, encoding: 'utf8' });
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, /Unknown argument/);
  const empty = spawnSync(process.execPath, [CLI, 'watch'], { cwd: dir, encoding: 'utf8' });
  t.equal(empty.status, 2);
  t.match(empty.stderr, /no command given/);
  t.notOk(existsSync(path.join(dir, '.flakescope')), 'nothing written');
});
