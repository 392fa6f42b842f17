// Where a leaked thread or process was finally ended, read from the traces: the boundary whose snapshot
// first saw it gone (a class's or module's teardown, a later test's end), and in the code that runs
// there, the calls that ended it: `_stop.set()` in tearDownModule for a thread waiting on `_stop`,
// `cls.server.shutdown()` in tearDownClass for a thread serving `self.server`. A fix moves those calls
// into a cleanup at the owner's scope. (Issue 20 puts where the state was finally ended in the
// finding's evidence; until then this file derives it.)
import type { Finding } from '../check/finding.js';
import type { IndexedRun } from '../trace/index.js';
import { resourceLives } from '../trace/resources.js';
import type { SnapshotEvent } from '../trace/schema.js';
import type { CleanupCall } from './hold.js';
import { locateTest } from './locate.js';
import type { FixContext } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { dotted, field, isFunction, isPure, list, paramNames, walk } from './py-tree.js';
import type { SourceFile } from './source.js';

export interface EndedAt {
  at: string;
  id: string | null;
}

/** The boundary at which the leaked resource of `f` was first seen gone, in the first run that saw it go. */
export function endedAt(f: Finding, runs: IndexedRun[]): EndedAt | null {
  for (const run of runs) {
    for (const life of resourceLives(run)) {
      const e = life.open.event;
      if (!life.leaked || life.close === null || e.target !== f.target || e.site?.line !== f.site?.line || e.site?.file !== f.site?.file) continue;
      const snap = run.events.slice(life.close.pos).find((x): x is SnapshotEvent & { proc: number } => x.ev === 'snapshot' && x.proc === e.proc);
      if (snap) return { at: snap.at, id: snap.id };
    }
  }
  return null;
}

/** Last segment of a class scope id (`mod.Class`, `file.py::Class`). */
const className = (id: string): string => id.split(/::|\./).pop() ?? id;

function method(src: SourceFile, cls: string, name: string): PyNode | null {
  for (const n of walk(src.tree)) {
    if (n._t !== 'ClassDef' || n.name !== cls) continue;
    return list(n, 'body').find((m) => isFunction(m) && m.name === name) ?? null;
  }
  return null;
}

/** The functions that ran at that boundary and may hold the call that ended it. */
async function closers(ended: EndedAt, src: SourceFile, ctx: FixContext): Promise<PyNode[]> {
  if (ended.id === null) return [];
  if (ended.at === 'scope-end') {
    const byClass = method(src, className(ended.id), 'tearDownClass');
    if (byClass) return [byClass];
    return list(src.tree, 'body').filter((s) => isFunction(s) && s.name === 'tearDownModule');
  }
  if (ended.at === 'end') {
    const test = await locateTest(ctx, ended.id);
    if ('reason' in test || test.src.path !== src.path) return [];
    const cls = test.at.ancestors.find((a) => a._t === 'ClassDef');
    const tearDown = cls ? list(cls, 'body').find((m) => isFunction(m) && m.name === 'tearDown') : undefined;
    return [test.fn, ...(tearDown ? [tearDown] : [])];
  }
  return [];
}

/** Dotted names (and their prefixes) an expression mentions, except a bare self/cls. */
function mentioned(node: PyNode, selfName: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const n of walk(node)) {
    const d = dotted(n);
    if (d === null) continue;
    const parts = d.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('.');
      if (p !== selfName) out.add(p);
    }
  }
  return out;
}

/** Calls in the closers on something the thread's construction mentions, rewritten for the owner's
 *  scope (`cls.x` in tearDownClass is `self.x` in a test method). */
export async function endingCalls(f: Finding, construction: PyNode | null, owner: PyNode | null, src: SourceFile, ctx: FixContext): Promise<CleanupCall[]> {
  const ended = endedAt(f, ctx.runs);
  if (!ended || !construction) return [];
  const ownerSelf = owner ? paramNames(owner)[0] : undefined;
  const names = mentioned(construction, ownerSelf);
  const calls: CleanupCall[] = [];
  for (const fn of await closers(ended, src, ctx)) {
    const closerSelf = paramNames(fn)[0];
    for (const stmt of list(fn, 'body')) {
      const call = stmt._t === 'Expr' ? field(stmt, 'value') : null;
      const recv = field(field(call, 'func'), 'value');
      let text = dotted(recv);
      if (call?._t !== 'Call' || text === null || !list(call, 'args').every(isPure) || list(call, 'keywords').length > 0) continue;
      if (closerSelf !== undefined && ownerSelf !== undefined && (text === closerSelf || text.startsWith(`${closerSelf}.`))) text = ownerSelf + text.slice(closerSelf.length);
      if (!names.has(text)) continue;
      calls.push({ fn: `${text}.${String(field(call, 'func')?.attr)}`, args: list(call, 'args').map((a) => src.textOf(a)) });
    }
  }
  return calls;
}
