// The sweep: right after the baseline of `--runs auto`, one run repeats every test that is not yet
// suspicious many times in one process. The plan's reruns only repeat suspicious tests (failed or
// slept), so without it a rare flake in a quiet test is left to chance: a ~5% flake passes a baseline
// and the plan's whole-command reruns (about 9 runs) more often than not.
import type { TestAttempt } from '../trace/outcomes.js';
import type { ByTest, Step } from './adaptive.js';
import { repeatsDuplicates } from './select.js';

/** The rarest failure rate the sweep is sized to expose: a 1-in-20 flake, the rate below which plain
 *  reruns stop being a practical way to find one. */
export const SWEEP_FAILURE_RATE = 0.05;
/** The chance that a test failing at SWEEP_FAILURE_RATE fails at least once in the sweep. */
export const SWEEP_DETECTION_PROBABILITY = 0.95;
/** Expected wall time the sweep may take: a minute buys 59 tries of a ~1 s suite in one process,
 *  where 59 plain reruns of it would pay interpreter start-up and imports 59 times over. */
export const SWEEP_BUDGET_S = 60;
/** Bytes of test ids the sweep may put on the command line: half of Linux's 2 MiB ARG_MAX, which
 *  the environment shares. */
export const SWEEP_ARGV_BYTES = 1 << 20;
/** Fewer repeats than this is a plain rerun, which the plan makes anyway. */
export const MIN_SWEEP_REPEATS = 2;

/** Tries needed so that a test failing at `rate` fails at least once with probability `p`:
 *  1 - (1 - rate)^n >= p, so n = ln(1 - p) / ln(1 - rate), rounded up. */
export function repeatsToExpose(rate: number, p: number): number {
  return Math.ceil(Math.log(1 - p) / Math.log(1 - rate));
}

/** 59 for a 5% flake at 95%. */
export const SWEEP_REPEATS = repeatsToExpose(SWEEP_FAILURE_RATE, SWEEP_DETECTION_PROBABILITY);

/** The chance that `n` tries expose a test failing at SWEEP_FAILURE_RATE. */
export const exposure = (n: number): number => 1 - (1 - SWEEP_FAILURE_RATE) ** n;

export interface SweepInput {
  command: string[];
  /** Attempts so far: the baseline's. */
  byTest: ByTest;
  suspicious: string[];
  /** Wall time of the baseline run: the per-test durations plus start-up, imports and teardown. */
  baselineSeconds: number;
  /** What is left of --budget, when one was given. */
  budgetSeconds?: number;
}

export interface SweepDecision {
  /** null: no sweep (the note says why). */
  step: Step | null;
  note: string;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
/** A test's cost per try: its slowest baseline execution. */
const costOf = (attempts: TestAttempt[]): number => Math.max(0, ...attempts.map((a) => a.duration ?? 0));
/** Only tests that passed are swept: suspicious ones get the plan's repeated reruns, skipped ones would skip again. */
const sweepable = (attempts: TestAttempt[]): boolean => attempts.some((a) => a.outcome === 'passed');

/** Seconds one round of `tests` takes (each at its slowest execution so far). */
export const roundSeconds = (byTest: ByTest, tests: readonly string[]): number => sum(tests.map((t) => costOf(byTest.get(t) ?? [])));

/** Whether to sweep after the baseline, and how many times each test runs: SWEEP_REPEATS, or the
 *  most that fit the time budget and the command line. */
export function sweepStep(input: SweepInput): SweepDecision {
  if (!repeatsDuplicates(input.command)) {
    return { step: null, note: `no sweep: ${input.command.join(' ')} cannot repeat a test within one process (only python -m unittest with test ids can), so a rare flake is left to the plan's reruns` };
  }
  const suspicious = new Set(input.suspicious);
  const tests = [...input.byTest].filter(([t, as]) => !suspicious.has(t) && sweepable(as)).map(([t]) => t);
  if (tests.length === 0) return { step: null, note: 'no sweep: no test passed the baseline without being suspicious; the plan reruns the suspicious ones' };
  const perRound = roundSeconds(input.byTest, tests);
  const allTests = sum([...input.byTest.values()].map(costOf));
  const startup = Math.max(0, input.baselineSeconds - allTests);
  const budget = Math.min(SWEEP_BUDGET_S, input.budgetSeconds ?? Infinity);
  const byTime = perRound > 0 ? Math.floor((budget - startup) / perRound) : Infinity;
  const byArgv = Math.floor(SWEEP_ARGV_BYTES / sum(tests.map((t) => Buffer.byteLength(t) + 1)));
  const n = Math.min(SWEEP_REPEATS, byTime, byArgv);
  const round = `${tests.length} tests take about ${perRound.toFixed(2)} s a round after ${startup.toFixed(1)} s of start-up`;
  if (n < MIN_SWEEP_REPEATS) {
    const why = byTime <= byArgv ? `the ${budget} s sweep budget` : `the ${SWEEP_ARGV_BYTES}-byte command-line limit`;
    return { step: null, note: `no sweep: ${round}; fewer than ${MIN_SWEEP_REPEATS} rounds fit ${why}` };
  }
  const capped = n < SWEEP_REPEATS ? `, capped from ${SWEEP_REPEATS} by ${byTime <= byArgv ? `the ${budget} s sweep budget` : 'the command-line length'}` : '';
  const odds = Math.round(exposure(n) * 100);
  return {
    step: { perturbation: {}, tests, repeat: n, sweep: true, reason: `sweep: every quiet test ${n} times in one process` },
    note: `sweep: one run repeated ${tests.length} tests ${n} times each in one process${capped} (${round}; a ${SWEEP_FAILURE_RATE * 100}% flake fails in it with probability ${odds}%)`,
  };
}
