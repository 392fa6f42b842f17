// One traced run of a command in the scratch copy: the user's argv (paths into the project pointed at
// the copy), the shim injected as for `flakescope run`, the copies of outside packages first on
// PYTHONPATH, output to a log file, killed past a wall-clock limit. Returns the run's indexed trace.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../fs/atomic.js';
import { Interrupted } from '../repro/index.js';
import { buildChildEnv } from '../run/env.js';
import { spawnCommand } from '../run/spawn.js';
import { indexRun, type IndexedRun } from '../trace/run-index.js';
import { readRun } from '../trace/read.js';
import type { Scratch } from './scratch.js';

export interface TrialSpec {
  argv: string[];
  /** Extra variables (a reproducer's FLAKESCOPE_* settings). */
  env?: Record<string, string>;
  /** A load-list runner's list, written to `listFile` (outside the project) before the run. */
  listText?: string;
  listFile?: string;
  limitMs: number;
}

export interface Trial {
  /** The run's trace; null when nothing was traced (the command never started Python). */
  run: IndexedRun | null;
  exitCode: number | null;
  signal: string | null;
  killed: boolean;
  durationMs: number;
}

export class TrialRunner {
  private count = 0;

  constructor(private readonly scratch: Scratch, private readonly shimDir: string, private readonly workDir: string, private readonly timeout?: number) {}

  /** The environment of a trial: ours, less flakescope's settings, with the scratch copies first on PYTHONPATH. */
  private baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FLAKESCOPE_')) env[k] = v;
    const userPath = extra.PYTHONPATH ?? env.PYTHONPATH;
    const entries = [...this.scratch.pythonPath, ...(userPath ?? '').split(path.delimiter).filter((p) => p !== '').map((p) => this.scratch.mapArg(p))];
    const { PYTHONPATH: _ignored, ...rest } = extra;
    // No bytecode next to edited files: one written for an edit could outlive it within the same second.
    return { ...env, ...rest, PYTHONDONTWRITEBYTECODE: '1', ...(entries.length > 0 ? { PYTHONPATH: entries.join(path.delimiter) } : { PYTHONPATH: '' }) };
  }

  async run(spec: TrialSpec): Promise<Trial> {
    const index = this.count++;
    const dir = path.join(this.workDir, `trial-${index}`);
    const traceDir = path.join(dir, 'traces', '0');
    await ensurePrivateDir(traceDir);
    if (spec.listText !== undefined && spec.listFile !== undefined) await writeFile(spec.listFile, spec.listText, { mode: 0o600 });
    const { FLAKESCOPE_TIMEOUT, ...settings } = spec.env ?? {};
    const perTest = FLAKESCOPE_TIMEOUT !== undefined ? Number(FLAKESCOPE_TIMEOUT) : this.timeout;
    const env = { ...buildChildEnv(this.baseEnv(settings), { shimDir: this.shimDir, traceDir, run: 0, ...(perTest !== undefined ? { timeout: perTest } : {}) }), ...settings };
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    let result;
    try {
      result = await spawnCommand(spec.argv.map((a) => this.scratch.mapArg(a)), env, (_pgid, killTree) => {
        timer = setTimeout(() => {
          killed = true;
          killTree('SIGKILL');
        }, spec.limitMs);
      }, path.join(this.workDir, `trial-${index}.log`), this.scratch.root);
    } finally {
      clearTimeout(timer);
    }
    if (result.interruptedBy !== null) throw new Interrupted(result.interruptedBy);
    const trace = await readRun(dir, 0);
    await rm(dir, { recursive: true, force: true });
    const run = trace.processes.length > 0 ? indexRun(trace) : null;
    return { run, exitCode: result.exitCode, signal: result.signal, killed, durationMs: result.durationMs };
  }
}
