import { spawn, spawnSync } from 'node:child_process';
import t from 'tap';
import { FULL_SCAN_EVERY, GroupMembers, groupMembers, kernelUnits, pidusageReader, procUsageReader, SAMPLE_INTERVAL_MS, startSampler } from '../../src/run/sample.js';

/** The interpreter itself: `python3` may be a version manager's shim whose start-up runs short-lived
 *  helper processes in the group being counted. */
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();

/** A process group: a busy Python leader and one child of it, for about `seconds`. */
function busyGroup(seconds: number) {
  const code = `import subprocess, sys, time\nc = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(${seconds})'])\nend = time.time() + ${seconds}\nwhile time.time() < end: pass\nc.wait()`;
  return spawn(PYTHON, ['-c', code], { detached: true, stdio: 'ignore' });
}

t.test('samples CPU, RSS and process count of the whole group', async (t) => {
  const child = busyGroup(2);
  const exited = new Promise((r) => child.once('exit', r));
  const pgid = child.pid as number;
  await new Promise((r) => setTimeout(r, 300));
  t.ok(groupMembers(pgid).includes(pgid), 'the leader is a member of its group');
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

t.test('the units of /proc counters are the ones getconf prints', async (t) => {
  const getconf = (name: string): number => Number(spawnSync('getconf', [name], { encoding: 'utf8' }).stdout.trim());
  t.same(kernelUnits(), { clockTick: getconf('CLK_TCK'), pageSize: getconf('PAGESIZE') });
});

t.test('each member\'s CPU% from /proc agrees with pidusage\'s, and is 0 when it is first seen', async (t) => {
  const units = kernelUnits();
  if (units === null) return t.fail('no /proc/self/auxv on this Linux machine');
  const child = busyGroup(2);
  const exited = new Promise((r) => child.once('exit', r));
  const pgid = child.pid as number;
  t.teardown(async () => {
    process.kill(-pgid, 'SIGKILL');
    await exited;
  });
  await new Promise((r) => setTimeout(r, 300));
  const group = new GroupMembers(pgid);
  const proc = procUsageReader(units);
  const other = pidusageReader();
  const sample = async () => {
    const pids = group.list();
    return { proc: proc.read(pids, group.stats) as Awaited<ReturnType<typeof proc.read>>, pidusage: await other.read(pids, group.stats) };
  };
  const first = await sample();
  t.same(first.proc.map((m) => m.cpu), [0, 0], 'no CPU% before a member has been seen twice');
  t.same(first.pidusage.map((m) => m.cpu), [0, 0], 'as pidusage');
  await new Promise((r) => setTimeout(r, SAMPLE_INTERVAL_MS));
  const second = await sample();
  const sum = (list: { cpu: number }[]): number => list.reduce((s, m) => s + m.cpu, 0);
  t.ok(sum(second.proc) > 20, `the busy loop shows as CPU (${sum(second.proc)}%)`);
  t.ok(Math.abs(sum(second.proc) - sum(second.pidusage)) < 20, `within a few % of pidusage's (${sum(second.proc)}%, ${sum(second.pidusage)}%)`);
  const rss = (list: { memory: number }[]): number => list.reduce((s, m) => s + m.memory, 0);
  t.ok(Math.abs(rss(second.proc) - rss(second.pidusage)) < 1_000_000, `RSS as pidusage's (${rss(second.proc)}, ${rss(second.pidusage)} bytes)`);
  other.clear();
});

t.test('a group that no longer exists has no members and gives empty usage', async (t) => {
  const child = spawn('true', [], { detached: true });
  await new Promise((r) => child.once('exit', r));
  t.same(groupMembers(child.pid as number), []);
  t.same(new GroupMembers(child.pid as number).list(), []);
  const usage = startSampler(child.pid as number).stop();
  t.same(usage, { samples: 0, cpuPercentMax: 0, cpuPercentMean: 0, rssBytesMax: 0, processesMax: 0 });
});

/** A leader that starts a child, which starts a grandchild and exits at once (the grandchild is then an
 *  orphan, re-parented out of the leader's tree but still in its group), then a second child later. */
function orphaningGroup() {
  const code = [
    'import subprocess, sys, time',
    "c = subprocess.Popen([sys.executable, '-c', 'import subprocess, sys; print(subprocess.Popen([sys.executable, \\'-c\\', \\'import time; time.sleep(30)\\']).pid, flush=True)'], stdout=subprocess.PIPE)",
    'print(c.stdout.readline().decode().strip(), flush=True)',
    'c.wait()',
    'sys.stdin.readline()',
    "d = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])",
    'print(d.pid, flush=True)',
    'time.sleep(30)',
  ].join('\n');
  return spawn('python3', ['-c', code], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
}

function nextLine(stream: NodeJS.ReadableStream): Promise<number> {
  return new Promise((resolve) => stream.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
}

t.test('the tracker walks down from known members and still finds orphans of the group', async (t) => {
  const child = orphaningGroup();
  const pgid = child.pid as number;
  t.teardown(() => process.kill(-pgid, 'SIGKILL'));
  const orphan = await nextLine(child.stdout);
  await new Promise((r) => setTimeout(r, 300));
  const tracker = new GroupMembers(pgid);
  t.same(tracker.list(), groupMembers(pgid), 'the first call is a full scan');
  t.ok(tracker.list().includes(orphan), 'an orphan found once stays known between full scans');
  const second = nextLine(child.stdout);
  child.stdin.write('\n');
  const later = await second;
  t.ok(tracker.list().includes(later), 'a new child of a known member is found by the walk');
  const fresh = new GroupMembers(pgid);
  fresh.list();
  t.same(fresh.list(), groupMembers(pgid), 'walk and scan agree');
  for (let i = 3; i < FULL_SCAN_EVERY; i++) tracker.list(); // three calls so far: the next is a scan
  t.same(tracker.list(), groupMembers(pgid), 'every FULL_SCAN_EVERY-th call scans /proc again');
});
