// One run: the command (or a selection of its tests) with its perturbation, CPU noise and usage
// sampling around it, and a hang watchdog. When a test outlives --timeout and the shim could not
// interrupt it, the whole process tree is killed and the command resumed with the tests not yet
// started, so one hung test does not cost the results of the tests after it.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Noise } from './noise.js';
import type { Sampler, Usage } from './sample.js';
import { spawnCommand, type SpawnResult } from './spawn.js';

/** How long past the limit a test may run before we kill the tree: time for the shim's own SIGALRM
 *  interrupt and stack dump (a few hundred ms) with room for a loaded machine. */
export const HANG_KILL_GRACE_MS = 5_000;
/** Node takes 50-100 ms to start a stressor's busy loop: the command starts after this, so a short
 *  test runs under the load it is meant to see rather than before it arrives. */
export const NOISE_WARMUP_MS = 200;
/** After spawning a command, how long the orchestrator leaves the CPU to it before sampling its usage or
 *  loading the analysis (commands/run.ts): an interpreter takes 50-150 ms to reach the user's code (Python
 *  with site-packages), and that work competing with it on a small or busy machine delayed it about as
 *  much again. A run that ends sooner is not sampled. */
export const CHILD_START_GRACE_MS = 200;
/** How often the watchdog reads the trace files: well under the grace, cheap for small traces. */
const WATCH_INTERVAL_MS = 500;

export interface ExecuteOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  traceDir: string;
  /** Where a --load-list file may be written. */
  listFile: string;
  timeout?: number;
  cpuNoise?: number;
  /** Tests this run covers, in order, when known: lets a killed run resume with the rest. */
  tests?: string[];
  /** The command's output goes here instead of the terminal. */
  logFile?: string;
  /** Called once each child process has started (the orchestrator is then free to load what it needs after the run). */
  onSpawn?: () => void;
}

export interface ExecuteResult extends SpawnResult {
  killedForHang: boolean;
  usage: Usage;
  /** Tests that were never started because the command could not be resumed. */
  notResumed: string[];
}

/** Tests started in the trace files of a run folder, and the one still open (started, not ended) per file. */
async function traceState(dir: string): Promise<{ started: Set<string>; open: string[] }> {
  const started = new Set<string>();
  const open: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.jsonl')) continue;
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    let current: string | null = null;
    for (const line of text.split('\n')) {
      if (!line.includes('"test-')) continue;
      try {
        const e = JSON.parse(line) as { ev?: string; test?: string };
        if (e.ev === 'test-start' && typeof e.test === 'string') {
          started.add(e.test);
          current = e.test;
        } else if (e.ev === 'test-end' && e.test === current) current = null;
      } catch {
        // A line still being written.
      }
    }
    if (current !== null) open.push(`${name}|${current}`);
  }
  return { started, open };
}

async function spawnWatched(argv: string[], opts: ExecuteOptions, usageOut: Usage[]): Promise<SpawnResult & { killedForHang: boolean }> {
  let killedForHang = false;
  let watcher: NodeJS.Timeout | undefined;
  let sampler: Sampler | undefined;
  let ended = false;
  let samplerTimer: NodeJS.Timeout | undefined;
  const firstSeen = new Map<string, number>();
  const result = await spawnCommand(argv, opts.env, (pgid, killTree) => {
    opts.onSpawn?.();
    samplerTimer = setTimeout(() => {
      void import('./sample.js').then((m) => { if (!ended) sampler = m.startSampler(pgid); });
    }, CHILD_START_GRACE_MS);
    if (opts.timeout === undefined) return;
    const limitMs = opts.timeout * 1000 + HANG_KILL_GRACE_MS;
    watcher = setInterval(() => {
      void traceState(opts.traceDir).then(({ open }) => {
        const now = Date.now();
        for (const key of open) {
          const since = firstSeen.get(key) ?? now;
          firstSeen.set(key, since);
          if (now - since > limitMs && !killedForHang) {
            killedForHang = true;
            killTree('SIGKILL');
          }
        }
      });
    }, WATCH_INTERVAL_MS);
  }, opts.logFile);
  ended = true;
  clearTimeout(samplerTimer);
  clearInterval(watcher);
  if (sampler) usageOut.push(sampler.stop());
  return { ...result, killedForHang };
}

function mergeUsage(list: Usage[]): Usage {
  return {
    samples: list.reduce((s, u) => s + u.samples, 0),
    cpuPercentMax: Math.max(0, ...list.map((u) => u.cpuPercentMax)),
    cpuPercentMean: list.length ? Math.round((list.reduce((s, u) => s + u.cpuPercentMean * u.samples, 0) / Math.max(1, list.reduce((s, u) => s + u.samples, 0))) * 10) / 10 : 0,
    rssBytesMax: Math.max(0, ...list.map((u) => u.rssBytesMax)),
    processesMax: Math.max(0, ...list.map((u) => u.processesMax)),
  };
}

/** No stressors: the usual run, which need not load noise.ts before its child starts. */
const NO_NOISE: Noise = { pids: [], stop: async () => undefined };

async function noiseOf(stressors: number): Promise<Noise> {
  return stressors > 0 ? (await import('./noise.js')).startNoise(stressors) : NO_NOISE;
}

export async function executeRun(opts: ExecuteOptions): Promise<ExecuteResult> {
  const noise = await noiseOf(opts.cpuNoise ?? 0);
  if (noise.pids.length > 0) await new Promise((resolve) => setTimeout(resolve, NOISE_WARMUP_MS));
  const usage: Usage[] = [];
  let durationMs = 0;
  try {
    let argv = opts.argv;
    let killed = false;
    for (;;) {
      const r = await spawnWatched(argv, opts, usage);
      durationMs += r.durationMs;
      killed ||= r.killedForHang;
      if (!r.killedForHang || r.interruptedBy !== null) return { ...r, killedForHang: killed, durationMs, usage: mergeUsage(usage), notResumed: [] };
      const { started } = await traceState(opts.traceDir);
      const rest = (opts.tests ?? []).filter((t) => !started.has(t));
      const next = rest.length > 0 ? (await import('./select.js')).selectTests(opts.argv, rest, opts.listFile) : null;
      if (next === null) return { ...r, killedForHang: killed, durationMs, usage: mergeUsage(usage), notResumed: rest };
      if (next.listText !== undefined) await writeFile(opts.listFile, next.listText, { mode: 0o600 });
      argv = next.argv;
    }
  } finally {
    await noise.stop();
  }
}
