// Whether a finding is still there in a replay. Line numbers move with the edit, so a finding is
// matched by what it is about, not by its id:
//   leaks   the same kind (or, for an environment change, a patch of os.environ that took its
//           place) about the same target, owned by the same test (or, for fixture owners, whose ids
//           differ per process, made in the same file); the owner must have run
//   timing, order, flaky, hang   the victim ran and did not fail
import { analyse } from '../check/index.js';
import type { Finding } from '../check/finding.js';
import type { IndexedRun } from '../trace/run-index.js';
import { attemptsOf, isFailure } from '../trace/outcomes.js';

const OUTCOME_KINDS = new Set(['timing-sensitive', 'order-dependent', 'flaky', 'hang', 'crash']);

/** A fix that turns `os.environ[X] = v` into patch.dict(os.environ) leaks as a patch if it leaks at all. */
function related(f: Finding, g: Finding): boolean {
  if (f.kind === g.kind) return f.target === g.target;
  return f.kind === 'env-pollution' && g.kind === 'leaked-patch' && g.target === 'os.environ' && (f.target ?? '').startsWith('os.environ');
}

function sameOwner(f: Finding, g: Finding): boolean {
  const scope = (f.evidence.owner as { scope?: unknown } | undefined)?.scope;
  if (scope === 'fixture') return f.site?.file === g.site?.file;
  return f.test === g.test;
}

export interface Judged {
  gone: boolean;
  /** Why it counts as still there (or as not judged). */
  why?: string;
}

/** `mustPass`: tests of the replay that passed before; one that fails now explains a leak's absence
 *  (its setUp failed before making the state), so the leak does not count as gone. */
export function judge(f: Finding, run: IndexedRun | null, tests: readonly string[], mustPass: readonly string[] = []): Judged {
  if (run === null) return { gone: false, why: 'nothing was traced (did the command start Python?)' };
  const attempts = attemptsOf(run);
  const broke = attempts.find((a) => mustPass.includes(a.test) && isFailure(a.outcome));
  if (broke && !OUTCOME_KINDS.has(f.kind)) return { gone: false, why: `${broke.test}, which passed before, ${broke.outcome}` };
  const ran = new Set(attempts.map((a) => a.test));
  const missing = tests.filter((t) => !ran.has(t));
  if (OUTCOME_KINDS.has(f.kind)) {
    const victim = f.test as string;
    const mine = attempts.filter((a) => a.test === victim);
    if (mine.length === 0) return { gone: false, why: `${victim} did not run` };
    const failed = mine.find((a) => isFailure(a.outcome));
    return failed ? { gone: false, why: `${victim} ${failed.outcome}` } : { gone: true };
  }
  if (missing.length === tests.length && tests.length > 0) return { gone: false, why: `${missing[0]} did not run` };
  const still = analyse([run]).find((g) => related(f, g) && sameOwner(f, g));
  return still ? { gone: false, why: `still reported: ${still.message}` } : { gone: true };
}
