import { spawn } from 'node:child_process';
import t from 'tap';
import { groupMembers, SAMPLE_INTERVAL_MS, startSampler } from '../../src/run/sample.js';

/** A process group: a busy Python leader and one child of it, for about `seconds`. */
function busyGroup(seconds: number) {
  const code = `import subprocess, sys, time\nc = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(${seconds})'])\nend = time.time() + ${seconds}\nwhile time.time() < end: pass\nc.wait()`;
  return spawn('python3', ['-c', code], { detached: true, stdio: 'ignore' });
}

t.test('samples CPU, RSS and process count of the whole group', async (t) => {
  const child = busyGroup(2);
  const exited = new Promise((r) => child.once('exit', r));
  const pgid = child.pid as number;
  await new Promise((r) => setTimeout(r, 300));
  t.ok((await groupMembers(pgid)).includes(pgid), 'the leader is a member of its group');
  const sampler = startSampler(pgid);
  await new Promise((r) => setTimeout(r, SAMPLE_INTERVAL_MS * 3));
  const usage = sampler.stop();
  t.ok(usage.samples >= 2, `${usage.samples} samples`);
  t.ok(usage.cpuPercentMax > 20, `the busy loop shows as CPU (${usage.cpuPercentMax}%)`);
  t.ok(usage.cpuPercentMean <= usage.cpuPercentMax);
  t.ok(usage.rssBytesMax > 1_000_000, `RSS of the tree (${usage.rssBytesMax} bytes)`);
  t.equal(usage.processesMax, 2, 'leader and child');
  process.kill(-pgid, 'SIGKILL');
  await exited;
});

t.test('a group that no longer exists has no members and gives empty usage', async (t) => {
  const child = spawn('true', [], { detached: true });
  await new Promise((r) => child.once('exit', r));
  t.same(await groupMembers(child.pid as number), []);
  const usage = startSampler(child.pid as number).stop();
  t.same(usage, { samples: 0, cpuPercentMax: 0, cpuPercentMean: 0, rssBytesMax: 0, processesMax: 0 });
});
