// A resource made inside library code (its site is not in the test, or there is none) still has a
// handle in the test that owns it: one of the objects the test (or its setUp) keeps from a call, such
// as tornado's `loop = self.get_new_ioloop()`. Each such object is tried in turn, with the cleanup
// its kind needs registered after it, by running the owner test alone in the scratch copy; the first
// that makes the finding go away while the test still passes is the proposal.
import type { Finding } from '../check/finding.js';
import { attemptsOf, isFailure } from '../trace/outcomes.js';
import { judge } from './gone.js';
import { registerAfter, type CleanupCall } from './hold.js';
import { locateTest } from './locate.js';
import type { FixContext, Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { field, isFunction, isPure, list, statementAt, walk } from './py-tree.js';
import { cleanupScope } from './scope.js';

/** Objects tried per finding: each costs one run of the owner test. */
export const MAX_HANDLE_TRIALS = 6;

/** Assignments of a call's result to a plain name or attribute, outside nested functions. */
function keptFromCalls(fn: PyNode): PyNode[] {
  const nested = new Set<PyNode>();
  for (const n of walk(fn)) if (n !== fn && (isFunction(n) || n._t === 'Lambda' || n._t === 'ClassDef')) for (const m of walk(n)) nested.add(m);
  return [...walk(fn)].filter((n) => !nested.has(n) && n._t === 'Assign' && list(n, 'targets').length === 1 && isPure(list(n, 'targets')[0] as PyNode) && field(n, 'value')?._t === 'Call');
}

export async function probeOwnerHandles(f: Finding, ctx: FixContext, cleanup: (handle: string) => CleanupCall[], why: string): Promise<Proposed> {
  const probe = ctx.probe;
  const test = f.test;
  if (!probe || test === null) return { reason: why };
  const top = await locateTest(ctx, test);
  if ('reason' in top) return { reason: `${why}; ${top.reason}` };
  const cls = top.at.ancestors.find((a) => a._t === 'ClassDef');
  const setUp = cls ? list(cls, 'body').find((m) => isFunction(m) && m.name === 'setUp') : undefined;
  const candidates = [...keptFromCalls(top.fn), ...(setUp ? keptFromCalls(setUp) : [])].slice(0, MAX_HANDLE_TRIALS);
  for (const stmt of candidates) {
    const handle = top.src.textOf(list(stmt, 'targets')[0] as PyNode);
    const at = statementAt(top.src.tree, stmt.l as number);
    if (at?.stmt !== stmt) continue;
    const loc: Located = { src: top.src, at };
    const scope = cleanupScope({ src: top.src, at: loc.at, owner: 'test', runner: ctx.runner });
    if ('reason' in scope) continue;
    const reg = registerAfter(loc, scope, cleanup(handle));
    if ('reason' in reg) continue;
    const run = await probe.trial([test], reg.edits);
    const mine = run ? attemptsOf(run).filter((a) => a.test === test) : [];
    if (mine.length === 0 || mine.some((a) => isFailure(a.outcome)) || !judge(f, run, [test]).gone) continue;
    return { edits: reg.edits, summary: `${scope.how}(${cleanup(handle).map((c) => c.fn).join(', ')}) after ${top.src.display}:${stmt.l}: of the objects ${test} keeps, this one holds the resource (found by running the test with each)` };
  }
  return { reason: `${why}; none of the ${candidates.length} object(s) ${test} keeps from a call ended it when cleaned up` };
}
