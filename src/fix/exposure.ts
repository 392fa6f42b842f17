// What exposed a finding, as a command to rerun against a proposal:
//   timing, order, flaky, hang  its reproducer (stored in reproducers.json, else derived as `run`
//                               derives one), with sleep sites moved to where the edits put them;
//   leaks (patch, thread, fd, child, env, fixture)  the owner's tests, narrowed in the runner's
//                               syntax, run plain and traced: the leak shows at the owner's end.
import path from 'node:path';
import type { Finding } from '../check/finding.js';
import { REPRODUCIBLE_KINDS, reproduceOf } from '../check/reproduce.js';
import { assemble, candidateOf } from '../repro/candidate.js';
import { reproCommand } from '../repro/command.js';
import { MIN_REPLAY_LIMIT_MS, REPLAY_SLOWDOWN } from '../repro/index.js';
import { keepsGivenOrder, selectTests } from '../run/select.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsByTest, type TestAttempt } from '../trace/outcomes.js';
import { applyEdits, byFile, type Edit } from './edit.js';
import { mapLine } from './line-map.js';
import type { TrialSpec } from './trial.js';

export interface ExposureContext {
  command: string[];
  cwd: string;
  shimDir: string;
  /** Wall-clock limit of the whole command: a replay that cannot be narrowed runs it whole. */
  wholeLimitMs: number;
  /** Where load-lists for narrowed runs are written (outside the project). */
  workDir: string;
  runs: IndexedRun[];
  /** Original text of each edited file (absolute path). */
  texts: ReadonlyMap<string, string>;
}

export interface Exposure {
  spec: TrialSpec;
  /** The tests the replays run (the owner's first), or [] for the whole command. */
  tests: string[];
  /** Said in fixes.json: how the exposing command differs from the reproducer, when it does. */
  notes: string[];
}

/** Tests that ran after the owner, kept in a leak's replay: enough for a grace period to pass, few
 *  enough that the replay stays short. */
export const LATER_TESTS = 3;

const namesOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function limitFor(tests: string[], byTest: ReadonlyMap<string, TestAttempt[]>, timeout?: number): number {
  const slowest = (t: string): number => Math.max(0, ...(byTest.get(t) ?? []).map((a) => a.duration ?? 0));
  const expected = REPLAY_SLOWDOWN * 1000 * tests.reduce((s, t) => s + slowest(t), 0) + (timeout ?? 0) * 1000;
  return Math.max(MIN_REPLAY_LIMIT_MS, expected);
}

/** Tests that ran inside the owner scope (class, module, fixture) of a leak, in the first run that has it. */
function ownerTests(f: Finding, runs: IndexedRun[]): string[] {
  const owner = f.evidence.owner as { scope?: unknown; id?: unknown } | undefined;
  const scope = typeof owner?.scope === 'string' ? owner.scope : 'test';
  const id = typeof owner?.id === 'string' ? owner.id : f.test;
  if (scope === 'test' || id === null) return f.test !== null ? [f.test] : [];
  for (const run of runs) {
    const opens = run.events.findIndex((e) => (scope === 'fixture' ? e.ev === 'fixture-setup' && e.id === id : e.ev === 'scope-start' && e.scope === scope && e.id === id));
    if (opens < 0) continue;
    const proc = (run.events[opens] as { proc: number }).proc;
    const tests: string[] = [];
    for (let i = opens + 1; i < run.events.length; i++) {
      const e = run.events[i];
      if (!e || e.proc !== proc) continue;
      if (e.ev === 'test-start' && !tests.includes(e.test)) tests.push(e.test);
      if ((scope === 'fixture' && e.ev === 'fixture-cleanup' && e.id === id) || (e.ev === 'scope-end' && e.scope === scope && e.id === id)) break;
    }
    if (tests.length > 0) return tests;
  }
  return [];
}

/** FLAKESCOPE_SLEEP_SITES keys ("file:line") moved to the lines the edits put them on. A site the edits
 *  removed (the sleep a join replaced) is dropped, and its scale applied to the rest of its file. */
function remapSleepSites(env: Record<string, string>, ctx: ExposureContext, edits: readonly Edit[], notes: string[]): Record<string, string> {
  const raw = env.FLAKESCOPE_SLEEP_SITES;
  if (raw === undefined) return env;
  let sites: Record<string, number>;
  try {
    sites = JSON.parse(raw) as Record<string, number>;
  } catch {
    return env;
  }
  const files = byFile(edits);
  const out: Record<string, number> = {};
  const removed: Array<{ file: string; scale: number }> = [];
  for (const [key, scale] of Object.entries(sites)) {
    const at = key.lastIndexOf(':');
    const file = key.slice(0, at);
    const line = Number(key.slice(at + 1));
    const abs = path.resolve(ctx.cwd, file);
    const list = files.get(abs);
    const text = ctx.texts.get(abs);
    if (!list || text === undefined) {
      out[key] = scale;
      continue;
    }
    const moved = mapLine(text, list, line);
    if (moved === null) removed.push({ file, scale });
    else out[`${file}:${moved}`] = scale;
  }
  const next: Record<string, string> = { ...env };
  if (Object.keys(out).length > 0) next.FLAKESCOPE_SLEEP_SITES = JSON.stringify(out);
  else delete next.FLAKESCOPE_SLEEP_SITES;
  const gone = removed[0];
  if (gone && next.FLAKESCOPE_SLEEP_SCALE === undefined) {
    next.FLAKESCOPE_SLEEP_SCALE = String(gone.scale);
    next.FLAKESCOPE_SLEEP_SCOPE = gone.file;
    notes.push(`the fix removed the sleep at ${removed.map((r) => r.file).join(', ')} the reproducer scaled; the replays scale every sleep left in ${gone.file} by ${gone.scale} instead`);
  }
  return next;
}

export function exposureOf(f: Finding, ctx: ExposureContext, edits: readonly Edit[]): Exposure | { reason: string } {
  const byTest = attemptsByTest(ctx.runs);
  const listFile = path.join(ctx.workDir, `${fileSafe(f.id)}.list`);
  const cmdCtx = { command: ctx.command, cwd: ctx.cwd, shimDir: ctx.shimDir, listFile, ...(process.env.PYTHONPATH ? { pythonPath: process.env.PYTHONPATH } : {}) };
  const notes: string[] = [];
  if (REPRODUCIBLE_KINDS.has(f.kind)) {
    if (f.test === null) return { reason: 'the finding names no test to replay' };
    let argv: string[];
    let env: Record<string, string>;
    let listText: string | undefined;
    let tests: string[];
    const stored = reproduceOf(f);
    if (stored) {
      ({ argv, env } = stored);
      tests = [f.test];
    } else {
      const c = candidateOf(f, byTest, keepsGivenOrder(ctx.command));
      if (!c) return { reason: 'no run failed in a way a reproducer can replay' };
      const built = reproCommand(cmdCtx, assemble(c, c.components));
      ({ argv, env, listText } = built);
      tests = assemble(c, c.components).tests;
      notes.push('no stored reproducer: replayed the perturbation and order the failing runs had, unminimised');
    }
    const timeout = env.FLAKESCOPE_TIMEOUT !== undefined ? Number(env.FLAKESCOPE_TIMEOUT) : undefined;
    const narrowed = selectTests(ctx.command, [], listFile) !== null;
    return {
      spec: { argv, env: remapSleepSites(env, ctx, edits, notes), ...(listText !== undefined ? { listText, listFile } : {}), limitMs: narrowed ? limitFor(tests, byTest, timeout) : Math.max(ctx.wholeLimitMs, limitFor(tests, byTest, timeout)) },
      tests, notes,
    };
  }
  const owned = ownerTests(f, ctx.runs);
  if (owned.length === 0) return { reason: 'no test of the scope that owns the state ran in the traces' };
  // A thread or change is judged after its grace period: the tests that ran next give it that time.
  const later = f.kind === 'leaked-patch' ? [] : namesOf(f.evidence.laterTests).filter((t) => !owned.includes(t)).slice(0, LATER_TESTS);
  const tests = [...owned, ...later];
  const built = reproCommand(cmdCtx, { tests, perturbation: {} });
  if (!built.narrowed) notes.push('the runner cannot be narrowed to single tests: each replay runs the whole command');
  const limitMs = built.narrowed ? limitFor(tests, byTest) : ctx.wholeLimitMs;
  return { spec: { argv: built.argv, env: {}, ...(built.listText !== undefined ? { listText: built.listText, listFile } : {}), limitMs }, tests, notes };
}

/** The whole command, plain: what found the finding in the first place. */
export function wholeExposure(ctx: Pick<ExposureContext, 'command' | 'wholeLimitMs'>, notes: string[]): Exposure {
  return { spec: { argv: ctx.command, limitMs: ctx.wholeLimitMs }, tests: [], notes };
}

/** The edited text of each file an edit set touches (for the compile check). */
export function editedTexts(texts: ReadonlyMap<string, string>, edits: readonly Edit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, list] of byFile(edits)) out.set(file, applyEdits(texts.get(file) ?? '', list));
  return out;
}
