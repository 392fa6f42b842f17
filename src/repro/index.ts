// For each timing, order, flaky and hang finding: candidate (what made it fail) -> minimise (drop what
// does not matter, by replaying) -> final reliability over REPRO_RUNS replays exactly as printed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../check/finding.js';
import { REPRODUCED_RATE, REPRODUCIBLE_KINDS, type Reproduce } from '../check/reproduce.js';
import { keepsGivenOrder } from '../run/select.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsByTest, type TestAttempt } from '../trace/outcomes.js';
import { assemble, candidateOf, type Candidate, type Component } from './candidate.js';
import { reproCommand, type CommandContext, type ReproCommand } from './command.js';
import { minimise } from './minimise.js';
import { replayOnce } from './replay.js';
import { REPRO_DIR, type Reproducers } from './store.js';

/** Replays behind a reported reliability: enough to tell 9 of 10 (REPRODUCED_RATE, check/reproduce.ts)
 *  from worse, few enough to stay affordable. */
export const REPRO_RUNS = 10;
/** Replays per minimisation probe, all of which must fail (stopping at the first pass): a component
 *  whose removal leaves a 50% failure survives 5 in a row only 3% of the time. */
export const MINIMISE_RUNS = 5;
/** Total replay time per `flakescope run`: reproducers are worth minutes, not the whole CI job. */
export const REPRO_BUDGET_MS = 300_000;
/** A rare failure is repeated in one process until at least one failure is this likely. */
export const CATCH_PROBABILITY = 0.99;
/** Cap on those repeats: past 30 a replay gets long, and a 1% flake would still be caught only 26% of the time. */
export const MAX_REPEAT = 30;
/** Floor of one replay's wall-clock limit: interpreter and runner start-up on a loaded machine. */
export const MIN_REPLAY_LIMIT_MS = 30_000;
/** A replay may take this many times the slowest observed attempt of its tests before it counts as hung. */
export const REPLAY_SLOWDOWN = 5;
/** What the shim gives a test that ignores its hang interrupt (perturb_only.HANG_GRACE_SECONDS) plus start-up. */
const HANG_REPLAY_GRACE_MS = 15_000;

export interface ReproOptions {
  findings: Finding[];
  runs: IndexedRun[];
  context: Omit<CommandContext, 'listFile'>;
  outDir: string;
  budgetMs?: number;
  replays?: number;
  /** One line per step, for stderr. */
  progress?: (line: string) => void;
}

/** Repeats in one process so that P(at least one failure) >= CATCH_PROBABILITY at the observed rate. */
export function repeatFor(observed: { failed: number; runs: number }): number {
  const rate = observed.runs > 0 ? observed.failed / observed.runs : 0;
  if (rate >= REPRODUCED_RATE || rate <= 0) return 1;
  return Math.min(MAX_REPEAT, Math.ceil(Math.log(1 - CATCH_PROBABILITY) / Math.log(1 - rate)));
}

function limitMs(tests: string[], byTest: ReadonlyMap<string, TestAttempt[]>, repeat: number, timeout: number | undefined): number {
  const slowest = (t: string): number => Math.max(0, ...(byTest.get(t) ?? []).map((a) => a.duration ?? 0));
  const expected = timeout !== undefined ? (timeout * 1000 + HANG_REPLAY_GRACE_MS) : REPLAY_SLOWDOWN * 1000 * tests.reduce((s, t) => s + slowest(t), 0);
  return Math.max(MIN_REPLAY_LIMIT_MS, expected * repeat);
}

const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');

class Budget {
  private spent = 0;
  cut = false;
  constructor(private readonly ms: number) {}
  left(): boolean {
    if (this.spent >= this.ms) this.cut = true;
    return !this.cut;
  }
  add(ms: number): void { this.spent += ms; }
}

async function reproduceOne(finding: Finding, c: Candidate, byTest: ReadonlyMap<string, TestAttempt[]>, opts: ReproOptions, budget: Budget): Promise<Reproduce> {
  const dir = path.join(opts.outDir, REPRO_DIR);
  const context: CommandContext = { ...opts.context, listFile: path.join(dir, `${fileSafe(finding.id)}.list`) };
  const logFile = path.join(dir, `${fileSafe(finding.id)}.log`);
  const repeat = finding.kind === 'order-dependent' ? 1 : repeatFor(c.observed);
  const build = (kept: readonly Component[]): ReproCommand => reproCommand(context, { ...assemble(c, kept), repeat });
  const limitOf = (cmd: ReproCommand): number => limitMs(assemble(c, c.components).tests, byTest, cmd.repeat, c.fixed.timeout);
  const say = opts.progress ?? (() => undefined);
  const replay = async (cmd: ReproCommand, i: number): Promise<boolean> => {
    const r = await replayOnce({ ...cmd, listFile: context.listFile }, i, { limitMs: limitOf(cmd), logFile });
    budget.add(r.durationMs);
    if (r.interruptedBy !== null) throw new Interrupted(r.interruptedBy);
    return r.failed;
  };
  let kept = c.components;
  if (c.components.length > 0) {
    say(`${finding.id}: minimising ${c.components.length} component(s) of the reproducer of ${c.victim}`);
    kept = await minimise(c.components, async (subset) => {
      const cmd = build(subset);
      for (let i = 0; i < MINIMISE_RUNS; i++) if (!budget.left() || !(await replay(cmd, i))) return false;
      return true;
    });
  }
  const cmd = build(kept);
  const runs = opts.replays ?? REPRO_RUNS;
  say(`${finding.id}: measuring the reproducer of ${c.victim} over ${runs} replays`);
  let failed = 0;
  let ran = 0;
  for (; ran < runs && budget.left(); ran++) if (await replay(cmd, ran)) failed++;
  const notes = [...c.notes];
  if (!cmd.narrowed) notes.push('the runner cannot be narrowed to single tests: the reproducer runs the whole command');
  if (cmd.repeat > 1) notes.push(`the test runs up to ${cmd.repeat} times in one process, stopping at its first failure: it failed ${c.observed.failed} of ${c.observed.runs} times alone`);
  if (budget.cut) notes.push(`the replay budget (${Math.round((opts.budgetMs ?? REPRO_BUDGET_MS) / 1000)} s per run) ran out: ${ran < runs ? `measured over ${ran} replays` : 'minimisation was cut short'}`);
  return { argv: cmd.argv, env: cmd.env, cwd: cmd.cwd, reliability: { failed, runs: ran }, ...(notes.length > 0 ? { notes } : {}) };
}

/** flakescope was interrupted (Ctrl-C) during a replay: no more replays. */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/** Reproducers of the eligible findings, keyed by finding id. Throws Interrupted on Ctrl-C. */
export async function deriveReproducers(opts: ReproOptions): Promise<Reproducers> {
  const eligible = opts.findings.filter((f) => REPRODUCIBLE_KINDS.has(f.kind));
  const out: Reproducers = {};
  if (eligible.length === 0) return out;
  await mkdir(path.join(opts.outDir, REPRO_DIR), { recursive: true, mode: 0o700 });
  const byTest = attemptsByTest(opts.runs);
  const budget = new Budget(opts.budgetMs ?? REPRO_BUDGET_MS);
  for (const [i, finding] of eligible.entries()) {
    const c = candidateOf(finding, byTest, keepsGivenOrder(opts.context.command));
    if (!c) continue;
    opts.progress?.(`reproducer ${i + 1}/${eligible.length}: ${finding.kind} ${c.victim}`);
    out[finding.id] = await reproduceOne(finding, c, byTest, opts, budget);
  }
  if (budget.cut) opts.progress?.(`the replay budget of ${Math.round((opts.budgetMs ?? REPRO_BUDGET_MS) / 1000)} s ran out; later reproducers were measured over fewer replays`);
  return out;
}
