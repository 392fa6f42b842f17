// flakescope repro DIR FINDING_ID [--runs N]: replays a stored reproducer under tracing, prints pass/fail
// per replay and where a failing replay's trace first parts from a passing one (a replay, or the
// original run's when every replay failed). Exit 0 when it reproduced (failed >= 90%), 1 otherwise.
import { rm } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { analyse } from '../check/index.js';
import { firstDivergence } from '../check/divergence.js';
import { isReproduced } from '../check/reproduce.js';
import { UsageError } from '../errors.js';
import { ensurePrivateDir } from '../fs/atomic.js';
import { PYTEST_PLUGIN } from '../run/env.js';
import { runMetaOf } from '../run/manifest.js';
import { REPRO_RUNS } from '../repro/index.js';
import { replayOnce } from '../repro/replay.js';
import { loadReproducers, REPRO_DIR } from '../repro/store.js';
import { indexRun, type IndexedRun } from '../trace/run-index.js';
import { allAttempts, isFailure, type TestAttempt } from '../trace/outcomes.js';
import { readTraces } from '../trace/read.js';
import { EXIT_FINDINGS, EXIT_OK } from '../report/exit-code.js';
import { loadSavedRun } from './saved-run.js';

export interface ReproArgs {
  dir: string;
  finding: string;
  runs?: number;
}

/** Wall-clock limit of one traced replay: generous, since this is run by hand on one finding, tracing
 *  slows a test down, and a hang is already cut by the FLAKESCOPE_TIMEOUT in the reproducer's env. */
const TRACED_REPLAY_LIMIT_MS = 120_000;

const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function originalRuns(saved: Awaited<ReturnType<typeof loadSavedRun>>): IndexedRun[] {
  return saved.traceSet.runs.map((r) => {
    const rec = saved.manifest.runs.find((x) => x.index === r.index);
    return indexRun(r, rec ? runMetaOf(rec) : undefined);
  });
}

function divergenceLine(replays: TestAttempt[], original: TestAttempt[]): string {
  const failing = replays.find((a) => isFailure(a.outcome));
  if (!failing) return 'no replay failed: no divergence to show';
  const passing = replays.find((a) => a.outcome === 'passed') ?? original.find((a) => a.outcome === 'passed');
  if (!passing) return 'no passing execution of the test (replays or original run) to compare with';
  const d = firstDivergence(passing, failing);
  const from = replays.includes(passing) ? `replay ${passing.run + 1}` : `original run ${passing.run}`;
  return `first divergence after ${d.commonPrefix} common event(s): passing (${from}) ${d.passing.event ?? '(end)'}; failing (replay ${failing.run + 1}) ${d.failing.event ?? '(end)'}`;
}

export async function reproCommand(args: ReproArgs): Promise<number> {
  const runs = args.runs ?? REPRO_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${args.runs}: give a whole number >= 1`);
  const saved = await loadSavedRun(args.dir, 'repro');
  const reproducers = await loadReproducers(saved.outDir);
  const r = reproducers[args.finding];
  if (!r) {
    const ids = Object.keys(reproducers);
    throw new UsageError(`${args.finding} has no reproducer in ${args.dir}; ${ids.length > 0 ? `findings with one: ${ids.join(', ')}` : 'none has one (run flakescope run without --no-repro)'}`);
  }
  const original = originalRuns(saved);
  const victim = analyse(original).find((f) => f.id === args.finding)?.test ?? null;
  const base = path.join(saved.outDir, REPRO_DIR, fileSafe(args.finding));
  await rm(base, { recursive: true, force: true });
  let failed = 0;
  for (let i = 0; i < runs; i++) {
    const traceDir = path.join(base, 'traces', String(i));
    await ensurePrivateDir(traceDir);
    const result = await replayOnce(r, i, {
      limitMs: TRACED_REPLAY_LIMIT_MS,
      logFile: path.join(base, `${i}.log`),
      extraEnv: () => ({ FLAKESCOPE_TRACE_DIR: traceDir, FLAKESCOPE_RUN: String(i), PYTEST_PLUGINS: [process.env.PYTEST_PLUGINS, PYTEST_PLUGIN].filter(Boolean).join(',') }),
    });
    if (result.interruptedBy !== null) {
      process.stderr.write(`flakescope: interrupted by ${result.interruptedBy} after ${i} replay(s)\n`);
      return 128 + (constants.signals[result.interruptedBy] ?? 0);
    }
    if (result.failed) failed++;
    const how = result.killed ? `killed after ${Math.round(result.durationMs / 1000)} s` : result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
    process.stdout.write(`replay ${i + 1}/${runs}: ${result.failed ? 'FAIL' : 'pass'} (${how}, ${(result.durationMs / 1000).toFixed(1)} s)\n`);
  }
  const ofVictim = (list: TestAttempt[]): TestAttempt[] => list.filter((a) => victim === null || a.test === victim);
  const replays = ofVictim(allAttempts((await readTraces(base)).runs.map((run) => indexRun(run))));
  process.stdout.write(`${divergenceLine(replays, ofVictim(allAttempts(original)))}\n`);
  const reproduced = isReproduced({ failed, runs });
  process.stdout.write(`${reproduced ? 'reproduced' : 'not reproduced'}: failed ${failed} of ${runs} replays (logs and traces in ${base})\n`);
  return reproduced ? EXIT_OK : EXIT_FINDINGS;
}
