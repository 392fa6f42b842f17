// flakescope run [--out DIR] [--fail-on LEVEL] [--quiet] [--format LIST] -- <command...>
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
import type { FormatName } from '../report/formats.js';
import { knownSecretsFromEnv, redactJson } from '../trace/redact.js';
import { prepareOutDir } from './out-dir.js';
import { analyseAndReport } from './pipeline.js';
import { trackRun, startProgress } from './run-progress.js';

export interface RunArgs {
  out: string;
  failOn: FailOn;
  quiet: boolean;
  command: string[];
  formats?: readonly FormatName[];
}

/** Shell convention for "ended by signal N", used when flakescope itself was interrupted. */
const interruptedExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

export async function runCommand(args: RunArgs): Promise<number> {
  if (args.command.length === 0 || args.command[0] === '') {
    throw new UsageError('no command given: put the test command after --, e.g. flakescope run -- python3 -m pytest');
  }
  const outDir = path.resolve(args.out);
  const tracesDir = await prepareOutDir(outDir);
  const manifest: RunManifest = { tool: { name: 'flakescope', version: TOOL_VERSION }, command: args.command, cwd: process.cwd(), runs: [] };
  const knownSecrets = new Set<string>();
  let interruptedBy: NodeJS.Signals | null = null;
  const planned = planRuns();
  const progress = startProgress({ runs: planned.length, quiet: args.quiet, outDir });
  try {
    for (const run of planned) {
      const traceDir = path.join(tracesDir, String(run.index));
      await ensurePrivateDir(traceDir);
      const env = buildChildEnv(process.env, { shimDir: SHIM_DIR, traceDir, run: run.index });
      for (const secret of knownSecretsFromEnv(env)) knownSecrets.add(secret);
      const result = await trackRun(progress, run.index, traceDir, spawnCommand(args.command, env));
      const record: RunRecord = { ...run, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs };
      manifest.runs.push(record);
      if (result.interruptedBy !== null) {
        interruptedBy = result.interruptedBy;
        break;
      }
    }
  } finally {
    progress.stop();
  }
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(redactJson(manifest, [...knownSecrets]), null, 2)}\n`);
  const code = await analyseAndReport({
    outDir, manifest, failOn: args.failOn, quiet: args.quiet, publish: true, knownSecrets: [...knownSecrets],
    ...(args.formats ? { formats: args.formats } : {}),
  });
  if (interruptedBy !== null) {
    process.stderr.write(`flakescope: interrupted by ${interruptedBy}; the report covers what ran before it\n`);
    return interruptedExitCode(interruptedBy);
  }
  return code;
}
