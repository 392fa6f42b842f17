// Who made a leaked resource or state change, what pattern it has, and the severity that follows
// (docs/design.md "Ownership and severity"): an error only when the suite's code left something a later test
// ran with, that grows, or that a wider scope's teardown had to stop; info, with the reason, for what
// a library keeps for the process on purpose and for state every test sets to the same value; a
// warning when it simply stayed to the end with nothing running after it.
import type { Severity } from './finding.js';
import type { ResourceOpenEvent, Site } from '../trace/schema.js';

export type MadeBy = 'suite' | 'library' | 'unknown';
/** once-per-process: made by one test or scope, never again; re-applied: later tests set the same
 *  value at the same line; growing: left behind by more than one test or scope. */
export type Pattern = 'once-per-process' | 're-applied' | 'growing';

export interface Ownership {
  madeBy: MadeBy;
  pattern: Pattern;
  severity: Severity;
  /** One line saying why a finding is not an error; null for errors. */
  why: string | null;
  /** The same in a few words, for one-line output; null for errors. */
  short: string | null;
}

export interface GroupFacts {
  /** The resource kind of the group: thread, greenthread, fd, child, env, state. */
  kind: string;
  /** The first occurrence's open. */
  open: ResourceOpenEvent;
  /** Distinct owner scopes that left one behind, within any one process. */
  ownersPerProcess: number;
  /** Tests that ran while one was alive, after its owner ended. */
  laterTests: number;
  /** Later tests re-applied the same value at the same site (env and state only). */
  reapplied: boolean;
  /** A later, wider scope's teardown (tearDownClass, tearDownModule) is what finally stopped it. */
  stoppedByWiderScope: boolean;
  /** Seen only in runs where flakescope changed timing (a sleep scaled to 0 that stopped a test
   *  waiting for its worker), while plain runs left nothing: the perturbation that showed it. */
  onlyUnder: string | null;
}

const STATE_KINDS = new Set(['env', 'state']);

export const siteText = (s: Site): string => `${s.file}:${s.line}`;

export function madeBy(open: ResourceOpenEvent): MadeBy {
  if (open.createdBy !== undefined) return 'library';
  return open.site !== undefined ? 'suite' : 'unknown';
}

/** Standard-library modules act at their caller's request; only a third-party library acts "on its own". */
const STDLIB_LIBRARY = /^(multiprocessing|concurrent|socketserver|http|xmlrpc|wsgiref|logging)(\.|$)/;
const isThirdParty = (open: ResourceOpenEvent): boolean => open.createdBy !== undefined && !STDLIB_LIBRARY.test(open.createdBy.module ?? '');

export function ownershipOf(g: GroupFacts): Ownership {
  const made = madeBy(g.open);
  const pattern: Pattern = g.ownersPerProcess > 1 ? 'growing' : g.reapplied ? 're-applied' : 'once-per-process';
  const decide = (severity: Severity, why: string | null = null, short: string | null = null): Ownership => ({ madeBy: made, pattern, severity, why, short });
  if (pattern === 'growing') return decide('error');
  if (pattern === 're-applied') {
    return decide('info', 'every later test sets it to the same value at the same line: set once per test, not leaked by one', 'every test sets it alike');
  }
  if (g.open.heldBy !== undefined) {
    return decide('info', `kept for the process by the module global ${g.open.heldBy}, a singleton made on first use and never again`, `kept by ${g.open.heldBy.split(/[[]/)[0]}`);
  }
  if (STATE_KINDS.has(g.kind) && isThirdParty(g.open)) {
    const lib = g.open.createdBy?.module ?? 'a library';
    return decide('info', `process-wide setting that ${lib} makes on its own, once`, `set by ${lib.split('.')[0]}`);
  }
  if (g.onlyUnder !== null && (g.laterTests > 0 || g.stoppedByWiderScope)) {
    return decide('warning', `left behind only under ${g.onlyUnder}: plain runs of the test left nothing (see its timing finding)`, `only under ${g.onlyUnder}`);
  }
  if (g.laterTests > 0 || g.stoppedByWiderScope) return decide('error');
  return decide('warning', 'no later test ran while it was alive in this run; run more tests together to see whether it matters', 'no later test ran with it');
}
