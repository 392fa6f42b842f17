// flakescope run [--out DIR] [--fail-on LEVEL] [--quiet] [--format LIST] -- <command...>
import { constants } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { SHIM_DIR, TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, type RunManifest } from '../run/manifest.js';
import { parsePerturb } from '../run/plan.js';
import { DEFAULT_MAX_RUNS, runSession } from '../run/session.js';
import type { FailOn } from '../report/exit-code.js';
import type { FormatName } from '../report/formats.js';
import { knownSecretsFromEnv, redactJson } from '../trace/redact.js';
import { LOGS_DIR, prepareOutDir } from './out-dir.js';
import { analyseAndReport } from './pipeline.js';
import { trackRun, startProgress } from './run-progress.js';

export interface RunArgs {
  out: string;
  failOn: FailOn;
  quiet: boolean;
  /** --ignore globs (check/ignore.ts). */
  ignore?: string[];
  command: string[];
  formats?: readonly FormatName[];
  /** --runs N|auto (default 1). */
  runs?: string;
  maxRuns?: number;
  /** Seconds. */
  budget?: number;
  /** --perturb tokens; default: `default` for --runs auto, `none` otherwise. */
  perturb?: string[];
  timeout?: number;
  seed?: number;
}

/** Seed when --seed is not given: fixed, so two runs of the same command perturb the same way. */
const DEFAULT_SEED = 1;

function parseRuns(value: string | undefined): number | 'auto' {
  if (value === undefined) return 1;
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--runs ${value}: give a whole number >= 1 or auto`);
  return n;
}

/** Shell convention for "ended by signal N", used when flakescope itself was interrupted. */
const interruptedExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

export async function runCommand(args: RunArgs): Promise<number> {
  if (args.command.length === 0 || args.command[0] === '') {
    throw new UsageError('no command given: put the test command after --, e.g. flakescope run -- python3 -m pytest');
  }
  if (args.out.trim() === '') throw new UsageError('--out is empty: give an output folder, e.g. --out .flakescope');
  const runs = parseRuns(args.runs);
  if (args.timeout !== undefined && !(args.timeout > 0)) throw new UsageError('--timeout: give the per-test limit in seconds, > 0');
  const perturbations = parsePerturb(args.perturb ?? [runs === 'auto' ? 'default' : 'none'], args.seed ?? DEFAULT_SEED);
  const outDir = path.resolve(args.out);
  const tracesDir = await prepareOutDir(outDir);
  const manifest: RunManifest = { tool: { name: 'flakescope', version: TOOL_VERSION }, command: args.command, cwd: process.cwd(), runs: [] };
  const knownSecrets = new Set<string>();
  const notes: string[] = [];
  const progress = startProgress({ runs: runs === 'auto' ? args.maxRuns ?? DEFAULT_MAX_RUNS : runs, quiet: args.quiet, outDir });
  let session;
  try {
    session = await runSession({
      command: args.command, tracesDir, shimDir: SHIM_DIR, runs, maxRuns: args.maxRuns ?? DEFAULT_MAX_RUNS,
      ...(args.budget !== undefined ? { budget: args.budget } : {}), perturbations, ...(args.timeout !== undefined ? { timeout: args.timeout } : {}), notes,
      logsDir: path.join(outDir, LOGS_DIR),
      onEnv: (env) => { for (const secret of knownSecretsFromEnv(env)) knownSecrets.add(secret); },
      track: (index, traceDir, running) => trackRun(progress, index, traceDir, running),
    });
  } finally {
    progress.stop();
  }
  manifest.runs.push(...session.runs);
  const interruptedBy = session.interruptedBy;
  if (!args.quiet) for (const n of notes) process.stderr.write(`flakescope: ${n}\n`);
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(redactJson(manifest, [...knownSecrets]), null, 2)}\n`);
  const code = await analyseAndReport({
    outDir, manifest, failOn: args.failOn, quiet: args.quiet, publish: true, knownSecrets: [...knownSecrets], ignore: args.ignore ?? [],
    warnings: notes.map((message) => ({ where: 'run', message })),
    ...(args.formats ? { formats: args.formats } : {}),
  });
  if (interruptedBy !== null) {
    process.stderr.write(`flakescope: interrupted by ${interruptedBy}; the report covers what ran before it\n`);
    return interruptedExitCode(interruptedBy);
  }
  return code;
}
