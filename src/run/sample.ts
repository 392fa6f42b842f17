// CPU% and RSS of a run's process tree (the command's process group), sampled while it runs (from the
// /proc stat files the group is found by on Linux, with pidusage elsewhere), summarised into
// report.json `runs[].usage`.
import { readdirSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';

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

/** Fields of a /proc/<pid>/stat text after the parenthesised command name (state ppid pgrp ...; proc(5)'s field N is [N - 3]). */
const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** The process group of a /proc/<pid>/stat text. */
function pgrpOf(stat: string): number {
  return Number(statFields(stat)[2]);
}

/** Reads of /proc are served from memory: synchronous reads cost a fraction of the CPU of promise-based
 *  ones (one call instead of open, stat, read and close each through the thread pool). */
const readProc = (file: string): string => readFileSync(file, 'utf8');

/** Members of process group `pgid`, from every /proc/<pid>/stat (Linux); elsewhere only the leader is
 *  known. Each member's stat text goes into `stats` when given. */
export function groupMembers(pgid: number, stats?: Map<number, string>): number[] {
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
      const stat = readProc(`/proc/${n}/stat`);
      if (pgrpOf(stat) !== pgid) continue;
      pids.push(Number(n));
      stats?.set(Number(n), stat);
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
  /** The /proc/<pid>/stat text of each member the last list() returned, as it read them. */
  readonly stats = new Map<number, string>();

  constructor(private readonly pgid: number) {
    this.known = [pgid];
  }

  list(): number[] {
    this.stats.clear();
    if (this.calls++ % FULL_SCAN_EVERY === 0) return (this.known = groupMembers(this.pgid, this.stats));
    const seen = new Set<number>();
    const members: number[] = [];
    let queue = this.known;
    while (queue.length > 0) {
      const next: number[] = [];
      for (const pid of queue) {
        if (seen.has(pid)) continue;
        seen.add(pid);
        let stat: string;
        try {
          stat = readProc(`/proc/${pid}/stat`);
        } catch {
          continue; // ended
        }
        if (pgrpOf(stat) === this.pgid) {
          members.push(pid);
          this.stats.set(pid, stat);
        }
        const children = childrenOf(pid);
        if (children === null) {
          this.stats.clear();
          return (this.known = groupMembers(this.pgid, this.stats));
        }
        next.push(...children);
      }
      queue = next;
    }
    return (this.known = members.sort((a, b) => a - b));
  }
}

/** auxv entry types (<elf.h>): the page size and clock tick the kernel gave this process, which is
 *  what sysconf(_SC_PAGESIZE) and sysconf(_SC_CLK_TCK) (and so `getconf`) return. */
const AT_PAGESZ = 6;
const AT_CLKTCK = 17;

/** Architectures whose auxv entries are 4-byte words; every other one Node runs on is 64-bit. */
const ARCH_32_BIT = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390']);

export interface KernelUnits {
  /** Clock ticks a second: the unit of a /proc stat's CPU times. */
  clockTick: number;
  /** Bytes a page: the unit of a /proc stat's RSS. */
  pageSize: number;
}

/** The units of /proc stat counters, read once from this process's auxiliary vector. pidusage asks
 *  `getconf` for them through two shells: forking this large Node process twice, on the CPU the tests
 *  it runs beside need. null where there is no /proc/self/auxv (not Linux) or no such entry. */
export function kernelUnits(): KernelUnits | null {
  let auxv: Buffer;
  try {
    auxv = readFileSync('/proc/self/auxv');
  } catch {
    return null;
  }
  const word = ARCH_32_BIT.has(process.arch) ? 4 : 8;
  const at = (offset: number): number => {
    if (word === 4) return endianness() === 'LE' ? auxv.readUInt32LE(offset) : auxv.readUInt32BE(offset);
    return Number(endianness() === 'LE' ? auxv.readBigUInt64LE(offset) : auxv.readBigUInt64BE(offset));
  };
  const found = new Map<number, number>();
  for (let offset = 0; offset + 2 * word <= auxv.length; offset += 2 * word) found.set(at(offset), at(offset + word));
  const clockTick = found.get(AT_CLKTCK);
  const pageSize = found.get(AT_PAGESZ);
  return clockTick && pageSize ? { clockTick, pageSize } : null;
}

interface MemberUsage {
  /** CPU%, 100 = one core busy. */
  cpu: number;
  /** RSS, bytes. */
  memory: number;
}

interface UsageReader {
  read(pids: number[], stats: ReadonlyMap<number, string>): Promise<MemberUsage[]> | MemberUsage[];
  clear(): void;
}

/** Each member's usage from the stat texts the group was found by (no file read twice): CPU% as
 *  pidusage computes it, the member's user + system ticks since the previous sample over the time
 *  between, 0 at the sample it is first seen in. */
export function procUsageReader({ clockTick, pageSize }: KernelUnits): UsageReader {
  let last = new Map<number, { ticks: number; at: number }>();
  return {
    read(pids, stats) {
      // hrtime, not performance.now(): the first use of `performance` loads perf_hooks, while the tests run.
      const now = Number(process.hrtime.bigint()) / 1e6;
      const seen = new Map<number, { ticks: number; at: number }>();
      const out: MemberUsage[] = [];
      for (const pid of pids) {
        const stat = stats.get(pid);
        if (stat === undefined) continue;
        const f = statFields(stat);
        const ticks = Number(f[11]) + Number(f[12]); // utime, stime
        const before = last.get(pid);
        seen.set(pid, { ticks, at: now });
        const seconds = before ? (now - before.at) / 1000 : 0;
        out.push({ cpu: before && seconds > 0 ? ((ticks - before.ticks) / clockTick / seconds) * 100 : 0, memory: Number(f[21]) * pageSize });
      }
      last = seen;
      return out;
    },
    clear() {
      last = new Map();
    },
  };
}

/** pidusage, where /proc has no auxv to read the units from (macOS, the BSDs: it asks `ps`). */
export function pidusageReader(): UsageReader {
  // Loaded here, once the child is spawned, so that nothing before the spawn waits for it.
  const pidusage = import('pidusage').then((m) => m.default);
  return {
    async read(pids) {
      const stats = await (await pidusage)(pids).catch(() => ({}) as Record<string, MemberUsage>);
      return Object.values(stats).filter(Boolean);
    },
    clear() {
      void pidusage.then((p) => p.clear());
    },
  };
}

export interface Sampler {
  stop(): Usage;
}

export function startSampler(pgid: number): Sampler {
  const units = kernelUnits();
  const reader = units ? procUsageReader(units) : pidusageReader();
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
      const list = await reader.read(pids, group.stats);
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
      reader.clear();
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
