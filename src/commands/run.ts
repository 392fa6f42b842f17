// flakescope run [--out DIR] [--fail-on LEVEL] [--quiet] -- <command...>
import { constants } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic.js';
import { SHIM_DIR, TOOL_VERSION } from '../package-info.js';
import { buildChildEnv } from '../run/env.js';
import { MANIFEST_FILE, type RunManifest, type RunRecord } from '../run/manifest.js';
import { planRuns } from '../run/plan.js';
import { spawnCommand } from '../run/spawn.js';
import type { FailOn } from '../report/exit-code.js';
import { prepareOutDir } from './out-dir.js';
import { analyseAndReport } from './pipeline.js';

export interface RunArgs {
  out: string;
  failOn: FailOn;
  quiet: boolean;
  command: string[];
}

/** Shell convention for "ended by signal N", used when flakescope itself was interrupted. */
const interruptedExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

export async function runCommand(args: RunArgs): Promise<number> {
  if (args.command.length === 0 || args.command[0] === '') {
    throw new UsageError('no command given: put the test command after --, e.g. flakescope run -- python3 -m pytest');
  }
  if (args.out.trim() === '') throw new UsageError('--out is empty: give an output folder, e.g. --out .flakescope');
  const outDir = path.resolve(args.out);
  const tracesDir = await prepareOutDir(outDir);
  const manifest: RunManifest = { tool: { name: 'flakescope', version: TOOL_VERSION }, command: args.command, cwd: process.cwd(), runs: [] };
  let interruptedBy: NodeJS.Signals | null = null;
  for (const planned of planRuns()) {
    const traceDir = path.join(tracesDir, String(planned.index));
    await ensurePrivateDir(traceDir);
    const env = buildChildEnv(process.env, { shimDir: SHIM_DIR, traceDir, run: planned.index });
    const result = await spawnCommand(args.command, env);
    const record: RunRecord = { ...planned, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs };
    manifest.runs.push(record);
    if (result.interruptedBy !== null) {
      interruptedBy = result.interruptedBy;
      break;
    }
  }
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const code = await analyseAndReport({ outDir, manifest, failOn: args.failOn, quiet: args.quiet });
  if (interruptedBy !== null) {
    process.stderr.write(`flakescope: interrupted by ${interruptedBy}; the report covers what ran before it\n`);
    return interruptedExitCode(interruptedBy);
  }
  return code;
}
