// CPU% and RSS of a run's process tree (the command's process group), sampled with pidusage while it
// runs, summarised into report.json `runs[].usage`.
import { readdirSync, readFileSync } from 'node:fs';

/** Twice a second: enough to see a test's CPU profile, cheap next to a Python process. */
export const SAMPLE_INTERVAL_MS = 500;

export interface Usage {
  samples: number;
  /** Peak and mean CPU% of the whole tree (100 = one core busy). */
  cpuPercentMax: number;
  cpuPercentMean: number;
  /** Peak resident memory of the whole tree, bytes. */
  rssBytesMax: number;
  /** Most processes seen alive at once in the tree. */
  processesMax: number;
}

/** The process group of a /proc/<pid>/stat text (fields after the parenthesised command name: state ppid pgrp ...). */
function pgrpOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** Reads of /proc are served from memory: synchronous reads cost a fraction of the CPU of promise-based
 *  ones (one call instead of open, stat, read and close each through the thread pool). */
const readProc = (file: string): string => readFileSync(file, 'utf8');

/** Members of process group `pgid`, from every /proc/<pid>/stat (Linux); elsewhere only the leader is known. */
export function groupMembers(pgid: number): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const pids: number[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    try {
      if (pgrpOf(readProc(`/proc/${n}/stat`)) === pgid) pids.push(Number(n));
    } catch {
      // The process ended between readdir and readFile.
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Direct children of `pid` (every thread's /proc children list), or null when /proc has no such lists. */
function childrenOf(pid: number): number[] | null {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  let listed = false;
  for (const tid of tasks) {
    try {
      const text = readProc(`/proc/${pid}/task/${tid}/children`);
      listed = true;
      for (const child of text.split(' ')) if (child.trim() !== '') out.push(Number(child));
    } catch {
      // The thread ended, or the kernel lists no children (CONFIG_PROC_CHILDREN off).
    }
  }
  return listed || tasks.length === 0 ? out : null;
}

/** A full /proc scan finds members whose parent exited (re-parented out of the tree walked below);
 *  between scans, walking down from the members already known costs a few reads instead of one per
 *  process on the machine (the scan's cost grows with every process on the host). Every 20 samples:
 *  10 s at the sampling interval. */
export const FULL_SCAN_EVERY = 20;

/** The members of one process group, sample after sample: known members and their descendants,
 *  checked against their /proc stat, with a full scan every FULL_SCAN_EVERY calls. */
export class GroupMembers {
  private known: number[];
  private calls = 0;

  constructor(private readonly pgid: number) {
    this.known = [pgid];
  }

  list(): number[] {
    if (this.calls++ % FULL_SCAN_EVERY === 0) return (this.known = groupMembers(this.pgid));
    const seen = new Set<number>();
    const members: number[] = [];
    let queue = this.known;
    while (queue.length > 0) {
      const next: number[] = [];
      for (const pid of queue) {
        if (seen.has(pid)) continue;
        seen.add(pid);
        let pgrp: number;
        try {
          pgrp = pgrpOf(readProc(`/proc/${pid}/stat`));
        } catch {
          continue; // ended
        }
        if (pgrp === this.pgid) members.push(pid);
        const children = childrenOf(pid);
        if (children === null) return (this.known = groupMembers(this.pgid));
        next.push(...children);
      }
      queue = next;
    }
    return (this.known = members.sort((a, b) => a - b));
  }
}

export interface Sampler {
  stop(): Usage;
}

export function startSampler(pgid: number): Sampler {
  // Loaded here, once the child is spawned, so that nothing before the spawn waits for it.
  const pidusage = import('pidusage').then((m) => m.default);
  const cpu: number[] = [];
  let rssMax = 0;
  let procsMax = 0;
  let busy = false;
  const group = new GroupMembers(pgid);
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const pids = group.list();
      if (pids.length === 0) return;
      const stats = await (await pidusage)(pids).catch(() => ({}) as Record<string, { cpu: number; memory: number }>);
      const list = Object.values(stats).filter(Boolean);
      cpu.push(list.reduce((s, x) => s + x.cpu, 0));
      rssMax = Math.max(rssMax, list.reduce((s, x) => s + x.memory, 0));
      procsMax = Math.max(procsMax, list.length);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), SAMPLE_INTERVAL_MS);
  void tick();
  return {
    stop() {
      clearInterval(timer);
      void pidusage.then((p) => p.clear());
      return {
        samples: cpu.length,
        cpuPercentMax: Math.round(Math.max(0, ...cpu) * 10) / 10,
        cpuPercentMean: cpu.length ? Math.round((cpu.reduce((a, b) => a + b, 0) / cpu.length) * 10) / 10 : 0,
        rssBytesMax: rssMax,
        processesMax: procsMax,
      };
    },
  };
}
