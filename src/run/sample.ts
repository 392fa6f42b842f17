// CPU% and RSS of a run's process tree (the command's process group), sampled with pidusage while it
// runs, summarised into report.json `runs[].usage`.
import { readdir, readFile } from 'node:fs/promises';

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

/** Members of process group `pgid` (Linux /proc); elsewhere only the leader is known. */
export async function groupMembers(pgid: number): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [pgid];
  }
  const pids: number[] = [];
  await Promise.all(names.filter((n) => /^\d+$/.test(n)).map(async (n) => {
    try {
      const stat = await readFile(`/proc/${n}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) === pgid) pids.push(Number(n));
    } catch {
      // The process ended between readdir and readFile.
    }
  }));
  return pids;
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
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const pids = await groupMembers(pgid);
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
