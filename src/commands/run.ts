// flakescope run [options] -- <command...>: one traced run, reruns (--runs), perturbations, parallel jobs and shards.
import { constants } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic.js';
import { SHIM_DIR, TOOL_VERSION } from '../package-info.js';
import { MANIFEST_FILE, type RunManifest } from '../run/manifest.js';
import { CHILD_START_GRACE_MS } from '../run/execute.js';
import { parsePerturb, planRuns } from '../run/plan.js';
import { NO_SHARD, selectShard, type Shard } from '../run/shard.js';
import { DEFAULT_MAX_RUNS, runSession } from '../run/session.js';
import type { FailOn } from '../report/exit-code.js';
import type { FormatName } from '../report/formats.js';
import type { HistoryTarget } from '../history/target.js';
import type { CommitInfo } from '../history/commit-info.js';
import { FinishedRuns } from '../trace/finished-runs.js';
import type { FollowedRuns, RunFollower } from '../trace/follow.js';
import { knownSecretsFromEnv, redactJson } from '../trace/redact.js';
import { LOGS_DIR, prepareOutDir } from './out-dir.js';
import type { RunProgress } from './run-progress.js';

export interface RunArgs {
  out: string;
  failOn: FailOn;
  quiet: boolean;
  /** --verbose: full finding messages in the terminal. */
  verbose?: boolean;
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
  /** --jobs: repetitions run in parallel (fixed --runs N only). */
  jobs?: number;
  /** --shard K/N: the slice of the planned runs this machine makes. */
  shard?: Shard;
  /** --no-repro: no reproducers for timing, order, flaky and hang findings. */
  noRepro?: boolean;
  /** Where to record the session's history (--history); absent: not recorded (watch's reruns). */
  history?: HistoryTarget | null;
  /** --new-tests BASE_REF: run only the tests added or changed since this git ref. */
  newTests?: string;
}

/** Runs of each new or changed test under --new-tests without --runs: as many as Datadog's early flake detection retries a new test. */
const NEW_TEST_RUNS = '10';

/** The load-list of --new-tests (testtools, stestr), kept in the output folder. */
const NEW_TESTS_LIST = 'new-tests.txt';

/** Seed when --seed is not given: fixed, so two runs of the same command perturb the same way. */
const DEFAULT_SEED = 1;

function parseRuns(value: string | number | undefined): number | 'auto' {
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
  if (args.newTests !== undefined) return runNewTests(args, args.newTests);
  const runs = parseRuns(args.runs);
  if (args.timeout !== undefined && !(args.timeout > 0)) throw new UsageError('--timeout: give the per-test limit in seconds, > 0');
  const perturbations = parsePerturb(args.perturb ?? [runs === 'auto' ? 'default' : 'none'], args.seed ?? DEFAULT_SEED);
  const shard = args.shard ?? NO_SHARD;
  const fixedMatrix = shard.n > 1 || (args.jobs ?? 1) > 1;
  if (fixedMatrix && runs === 'auto') {
    throw new UsageError('--runs auto decides each run from the ones before it, so it cannot be split with --shard or run with --jobs; give --runs N');
  }
  const outDir = path.resolve(args.out);
  const { tracesDir, removeStale } = await prepareOutDir(outDir);
  const manifest: RunManifest = { tool: { name: 'flakescope', version: TOOL_VERSION }, command: args.command, cwd: process.cwd(), runs: [] };
  const knownSecrets = new Set<string>();
  const onEnv = (env: NodeJS.ProcessEnv): void => { for (const s of knownSecretsFromEnv(env)) knownSecrets.add(s); };
  const notes: string[] = [];
  if (shard.n > 1) manifest.shard = shard;
  const finished = new FinishedRuns(outDir);
  // Reproducing, analysis and the renderers are not needed to start the child: they load while it runs
  // (time the orchestrator would otherwise add after every run), once the first child has had
  // CHILD_START_GRACE_MS to start undisturbed, or has ended.
  let afterRun: Promise<[typeof import('./run-repro.js'), typeof import('./pipeline.js')]> | undefined;
  // What the report is written and recorded with: its renderers and store are loaded ahead too.
  const reportTo = { ...(args.formats ? { formats: args.formats } : {}), history: args.history ? { target: args.history, source: 'run' as const } : null };
  let commit: Promise<CommitInfo> | undefined;
  const loadAfterRun = (): NonNullable<typeof afterRun> => (afterRun ??= Promise.all([import('./run-repro.js'), import('./pipeline.js').then(async (pipeline) => {
    if (args.history) commit = pipeline.startCommitInfo();
    // What the report will import too; one that fails to load fails again when used, and says so there.
    await pipeline.preloadReport(reportTo).catch(() => undefined);
    if (reportTo.history) (await import('./record-history.js')).openAhead(reportTo.history);
    return pipeline;
  })]));
  let spawnedOnce = false;
  let childStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => { childStarted = resolve; });
  void started.then(loadAfterRun);
  // The previous run's outputs, moved aside, are deleted then too: thousands of files, perhaps.
  const staleRemoved = started.then(removeStale);
  const onSpawn = (): void => {
    if (spawnedOnce) return;
    spawnedOnce = true;
    setTimeout(childStarted, CHILD_START_GRACE_MS).unref();
  };
  // The progress bar (cli-progress on a terminal) is drawn from then on too, unless the runs are over.
  let progress: RunProgress | undefined;
  let runsOver = false;
  const progressShown = started.then(async () => (progress = (await import('./run-progress.js')).startProgress({
    runs: runs === 'auto' ? args.maxRuns ?? DEFAULT_MAX_RUNS : runs, quiet: args.quiet || fixedMatrix || runsOver, finished,
  })));
  // Each run's traces are parsed while it runs (trace/follow.ts), loaded with the analysis.
  let followed: FollowedRuns | undefined;
  // The follower of each run also feeds the progress bar (run-progress.ts).
  const followers = new Map<number, Promise<RunFollower>>();
  const onRun = (index: number, ended: Promise<void>): void => {
    const secrets = [...knownSecrets];
    if (index === 0) void ended.then(() => { if (spawnedOnce) childStarted(); });
    followers.set(index, started.then(async () => {
      const { FollowedRuns } = await import('../trace/follow.js');
      return (followed ??= new FollowedRuns(tracesDir)).follow(index, secrets, ended);
    }));
  };
  let executed;
  try {
    executed = fixedMatrix
      ? await (await import('../run/jobs.js')).executeRuns(selectShard(planRuns(runs as number, perturbations), shard), {
        command: args.command, shimDir: SHIM_DIR, tracesDir, jobs: args.jobs ?? 1, logsDir: path.join(outDir, LOGS_DIR), onEnv, onSpawn,
        ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
      })
      : await runSession({
        command: args.command, tracesDir, shimDir: SHIM_DIR, runs, maxRuns: args.maxRuns ?? DEFAULT_MAX_RUNS,
        ...(args.budget !== undefined ? { budget: args.budget } : {}), perturbations, ...(args.timeout !== undefined ? { timeout: args.timeout } : {}), notes,
        logsDir: path.join(outDir, LOGS_DIR), onEnv, finished, onSpawn, onRun,
        track: async (index, running) => (await import('./run-progress.js')).trackRun(await progressShown, index, followers.get(index), running),
      });
  } finally {
    runsOver = true;
    progress?.stop();
  }
  // The runs are over (a shard may have had none to make): nothing waits for a child any longer.
  childStarted();
  manifest.runs.push(...('records' in executed ? executed.records : executed.runs));
  let interruptedBy = executed.interruptedBy;
  if (!args.quiet) for (const n of notes) process.stderr.write(`flakescope: ${n}\n`);
  // Its fsync waits on the disk while the traces are read and analysed; any error still ends the run before the report.
  const manifestWritten = writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(redactJson(manifest, [...knownSecrets]), null, 2)}\n`);
  manifestWritten.catch(() => undefined);
  const [{ reproduceRun }, { analyseAndReport }] = await loadAfterRun();
  const repro = args.noRepro === true || interruptedBy !== null ? null
    : await reproduceRun({ outDir, manifest, shimDir: SHIM_DIR, knownSecrets: [...knownSecrets], ignore: args.ignore ?? [], quiet: args.quiet, followed });
  await manifestWritten;
  interruptedBy ??= repro?.interruptedBy ?? null;
  const code = await analyseAndReport({
    outDir, manifest, failOn: args.failOn, quiet: args.quiet, verbose: args.verbose === true, publish: true, knownSecrets: [...knownSecrets], ignore: args.ignore ?? [],
    warnings: notes.map((message) => ({ where: 'run', message })), shimMustReport: interruptedBy === null,
    ...reportTo, ...(commit ? { commit } : {}), ...(repro ? { traceSet: repro.traceSet, analysed: repro.analysed } : { followed }),
  });
  await staleRemoved;
  if (interruptedBy !== null) {
    process.stderr.write(`flakescope: interrupted by ${interruptedBy}; the report covers what ran before it\n`);
    return interruptedExitCode(interruptedBy);
  }
  return code;
}

/** --new-tests: the command narrowed to the tests added or changed since the ref, run N times. A flaky one
 *  gives a `flaky` finding and one that always fails a `fail` verdict: either is exit 1. */
async function runNewTests(args: RunArgs, baseRef: string): Promise<number> {
  const { newTestsSince } = await import('../run/new-tests.js');
  const found = newTestsSince(args.command, process.cwd(), baseRef);
  if (found.ids.length === 0) {
    process.stderr.write(`flakescope: --new-tests ${baseRef}: no test was added or changed since ${baseRef}; nothing to run\n`);
    return 0;
  }
  const outDir = path.resolve(args.out);
  await ensurePrivateDir(outDir);
  const listFile = path.join(outDir, NEW_TESTS_LIST);
  const { selectTests } = await import('../run/select.js');
  const selection = selectTests(args.command, found.ids, listFile);
  if (selection === null) throw new UsageError('--new-tests: this command cannot be narrowed to single tests');
  if (selection.listText !== undefined) await writeFileAtomic(listFile, selection.listText);
  const runs = args.runs ?? NEW_TEST_RUNS;
  if (!args.quiet) process.stderr.write(`flakescope: --new-tests ${baseRef}: ${found.ids.length} test(s) added or changed in ${found.files.join(', ')}; running them ${runs} time(s)\n`);
  const { newTests: _ignored, ...rest } = args;
  return runCommand({ ...rest, command: selection.argv, runs });
}
