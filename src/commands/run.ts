// flakescope run [--out DIR] [--fail-on LEVEL] [--quiet] [--runs N] [--jobs N] [--shard K/N] -- <command...>
import { constants } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { SHIM_DIR, TOOL_VERSION } from '../package-info.js';
import { executeRuns } from '../run/jobs.js';
import { MANIFEST_FILE, type RunManifest } from '../run/manifest.js';
import { planRuns } from '../run/plan.js';
import { NO_SHARD, selectShard, type Shard } from '../run/shard.js';
import type { FailOn } from '../report/exit-code.js';
import { prepareOutDir } from './out-dir.js';
import { analyseAndReport } from './pipeline.js';

export interface RunArgs {
  out: string;
  failOn: FailOn;
  quiet: boolean;
  command: string[];
  /** --runs: repetitions planned over all shards. */
  runs?: number;
  /** --jobs: repetitions run in parallel. */
  jobs?: number;
  /** --shard K/N: the slice of the planned runs this machine makes. */
  shard?: Shard;
}

/** Shell convention for "ended by signal N", used when flakescope itself was interrupted. */
const interruptedExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

export async function runCommand(args: RunArgs): Promise<number> {
  if (args.command.length === 0 || args.command[0] === '') {
    throw new UsageError('no command given: put the test command after --, e.g. flakescope run -- python3 -m pytest');
  }
  const outDir = path.resolve(args.out);
  const tracesDir = await prepareOutDir(outDir);
  const shard = args.shard ?? NO_SHARD;
  const manifest: RunManifest = { tool: { name: 'flakescope', version: TOOL_VERSION }, command: args.command, cwd: process.cwd(), runs: [] };
  if (shard.n > 1) manifest.shard = shard;
  const planned = selectShard(planRuns({ runs: args.runs }), shard);
  const executed = await executeRuns(planned, { command: args.command, shimDir: SHIM_DIR, tracesDir, jobs: args.jobs ?? 1 });
  manifest.runs.push(...executed.records);
  const interruptedBy = executed.interruptedBy;
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const code = await analyseAndReport({ outDir, manifest, failOn: args.failOn, quiet: args.quiet });
  if (interruptedBy !== null) {
    process.stderr.write(`flakescope: interrupted by ${interruptedBy}; the report covers what ran before it\n`);
    return interruptedExitCode(interruptedBy);
  }
  return code;
}
