// The common shape of a cleanup fix: keep a handle on what the statement made (a patcher, thread,
// process, file), then register the calls that end it. A handle that is already a name or attribute
// is used as it is; an inline expression gets a new local first:
//     mock.patch("x").start()          patcher = mock.patch("x")
//                              ->      patcher.start()
//                                      self.addCleanup(patcher.stop)
import type { Edit } from './edit.js';
import { freshName } from './names.js';
import type { Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { enclosingFunction, field, isPure, list } from './py-tree.js';
import type { CleanupScope } from './scope.js';
import { insertAfter, insertBefore, isEdit, replaceNode, replaceStatement } from './splice.js';

/** A call to run at cleanup: `fn(*args)`, where fn and args are source text. */
export interface CleanupCall {
  fn: string;
  args?: string[];
}

/** Names bound at module level, which a new local must not shadow (locals of other functions may repeat). */
export function moduleNames(tree: PyNode): PyNode {
  return { _t: 'Module', body: list(tree, 'body').filter((s) => s._t !== 'FunctionDef' && s._t !== 'AsyncFunctionDef' && s._t !== 'ClassDef') };
}

/** A name for the handle: the expression itself when it can be evaluated again, else a new local assigned just before the statement. */
export function holdHandle(loc: Located, handle: PyNode, base: string): { name: string; edits: Edit[] } | { reason: string } {
  const { src, at } = loc;
  if (isPure(handle)) return { name: src.textOf(handle), edits: [] };
  const fn = enclosingFunction(at.ancestors) ?? src.tree;
  const name = freshName(base, fn, moduleNames(src.tree));
  // `Popen(...)` as a statement of its own: it becomes the assignment.
  if (at.stmt._t === 'Expr' && field(at.stmt, 'value') === handle) {
    const assigned = replaceStatement(src, at.stmt, [`${name} = ${src.textOf(handle)}`]);
    return isEdit(assigned) ? { name, edits: [assigned] } : assigned;
  }
  const before = insertBefore(src, at.stmt, [`${name} = ${src.textOf(handle)}`]);
  if (!isEdit(before)) return before;
  return { name, edits: [before, replaceNode(src, handle, name)] };
}

/** Registers cleanups that run in the order given (cleanups run last-registered first, so they are registered in reverse). */
export function registerAfter(loc: Located, scope: CleanupScope, calls: CleanupCall[]): { edits: Edit[]; lines: string[] } | { reason: string } {
  const lines: string[] = [];
  const edits: Edit[] = [];
  for (const c of [...calls].reverse()) {
    const r = scope.register(c.fn, c.args ?? []);
    if ('reason' in r) return r;
    lines.push(r.line);
    edits.push(...r.edits);
  }
  const after = insertAfter(loc.src, loc.at.stmt, lines);
  if (!isEdit(after)) return after;
  return { edits: [...edits, after], lines };
}

/** Hold the handle and register the cleanups right after the statement; the summary is the
 *  registering lines, then `why`. */
export function holdAndClean(loc: Located, scope: CleanupScope, handle: PyNode, base: string, calls: (name: string) => CleanupCall[], why: string): Proposed {
  const held = holdHandle(loc, handle, base);
  if ('reason' in held) return held;
  const reg = registerAfter(loc, scope, calls(held.name));
  if ('reason' in reg) return reg;
  return { edits: [...held.edits, ...reg.edits], summary: `${reg.lines.join('; ')}${why}` };
}
