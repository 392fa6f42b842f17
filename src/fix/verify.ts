// Verification of one proposal in the scratch copy: a control replay without it (the exposing command
// must show the finding), the exposing command N times with it (the finding must be gone every time;
// the first replay that still shows it ends the replays), then the whole command once (no test that
// passed before may fail).
import type { Finding } from '../check/finding.js';
import { shellLine } from '../report/shell-line.js';
import { changedOutcomes, type OutcomeChange } from './baseline.js';
import type { Edit } from './edit.js';
import { wholeExposure, type Exposure } from './exposure.js';
import { attemptsOf, isFailure } from '../trace/outcomes.js';
import { judge } from './gone.js';
import type { FixVerification } from './record.js';
import type { Scratch } from './scratch.js';
import type { TrialRunner } from './trial.js';

export interface VerifyOptions {
  scratch: Scratch;
  trials: TrialRunner;
  runs: number;
  /** The user's command and folder, for the whole run and the printed line. */
  command: string[];
  cwd: string;
  /** Wall-clock limit of the whole command. */
  wholeLimitMs: number;
  passedBefore: ReadonlySet<string>;
  progress: (line: string) => void;
}

export interface Verified {
  verification: FixVerification;
  ok: boolean;
  /** What happened, when not ok. */
  why: string;
}

const describeChanges = (changed: OutcomeChange[]): string => changed.slice(0, 5).map((c) => `${c.test} ${c.after}`).join(', ') + (changed.length > 5 ? `, and ${changed.length - 5} more` : '');

/** Kinds found by a plain traced run: when the narrowed replay does not show them without the fix,
 *  the whole command (which found them) is the replay. */
const LEAK_KINDS = new Set(['leaked-patch', 'leaked-thread', 'leaked-fd', 'leaked-child', 'env-pollution', 'unreleased-fixture']);

/** One replay without the fix: does the exposing command show the finding at all, in a scratch copy
 *  that runs the tests as the project does? If it does not show it, a leak is replayed with the whole
 *  command instead; a reproducer that passed is said in the notes. */
async function controlled(f: Finding, exposure: Exposure, opts: VerifyOptions): Promise<Exposure | { why: string }> {
  opts.progress('control replay without the fix');
  const control = await opts.trials.run(exposure.spec);
  // The victim of a timing or order finding fails here by design; any other test that passed before must pass.
  const victim = LEAK_KINDS.has(f.kind) ? null : f.test;
  const broke = control.run ? attemptsOf(control.run).find((a) => a.test !== victim && opts.passedBefore.has(a.test) && isFailure(a.outcome)) : undefined;
  if (broke) return { why: `the scratch copy does not run the tests as the project does: ${broke.test} ${broke.outcome} there without the fix` };
  if (!judge(f, control.run, exposure.tests).gone || control.killed) return exposure;
  if (LEAK_KINDS.has(f.kind) && exposure.tests.length > 0) {
    return wholeExposure({ command: opts.command, wholeLimitMs: opts.wholeLimitMs }, [...exposure.notes, 'the owner\'s tests alone did not show the finding without the fix: the replays run the whole command']);
  }
  return { ...exposure, notes: [...exposure.notes, 'the reproducer did not fail in a control replay without the fix: clean replays say less'] };
}

export async function verify(f: Finding, edits: readonly Edit[], given: Exposure, opts: VerifyOptions): Promise<Verified> {
  const exposure = await controlled(f, given, opts);
  if ('why' in exposure) {
    const command = shellLine({ argv: given.spec.argv, env: given.spec.env ?? {}, cwd: opts.cwd });
    return { verification: { command, runs: opts.runs, replayed: 0, gone: 0, findingGone: false, otherOutcomesChanged: null, changed: [], notes: given.notes }, ok: false, why: `not verified: ${exposure.why}` };
  }
  const command = shellLine({ argv: exposure.spec.argv, env: exposure.spec.env ?? {}, cwd: opts.cwd });
  return opts.scratch.withEdits(edits, async () => {
    let gone = 0;
    let replayed = 0;
    let why = '';
    for (let i = 0; i < opts.runs; i++) {
      opts.progress(`replay ${i + 1}/${opts.runs}`);
      const trial = await opts.trials.run(exposure.spec);
      replayed++;
      const judged = judge(f, trial.run, exposure.tests, exposure.tests.filter((x) => opts.passedBefore.has(x)));
      if (trial.killed) {
        why = `replay ${i + 1} was killed past its limit, after ${Math.round(trial.durationMs / 1000)} s`;
        break;
      }
      if (!judged.gone) {
        why = `in replay ${i + 1} of ${opts.runs}, ${judged.why ?? 'the finding is still there'}`;
        break;
      }
      gone++;
    }
    const findingGone = gone === opts.runs;
    const base: FixVerification = {
      command, runs: opts.runs, replayed, gone, findingGone, otherOutcomesChanged: null, changed: [],
      ...(exposure.notes.length > 0 ? { notes: exposure.notes } : {}),
    };
    if (!findingGone) return { verification: base, ok: false, why: `not verified: ${why}` };
    opts.progress('the whole command once');
    const whole = await opts.trials.run({ argv: opts.command, limitMs: opts.wholeLimitMs });
    const changed = whole.killed ? [] : changedOutcomes(opts.passedBefore, whole.run);
    const verification: FixVerification = { ...base, otherOutcomesChanged: whole.killed || changed.length > 0, changed };
    if (whole.killed) return { verification, ok: false, why: `the whole command was killed after ${Math.round(whole.durationMs / 1000)} s` };
    if (changed.length > 0) return { verification, ok: false, why: `tests that passed before failed with the fix: ${describeChanges(changed)}` };
    return { verification, ok: true, why: '' };
  });
}
