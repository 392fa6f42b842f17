// Where a leaked thread or process was finally ended, read from the traces: the boundaries around the
// snapshot that first saw it gone (a class's or module's teardown, a later test's end), and in the code that runs
// there, the calls that ended it: `_stop.set()` in tearDownModule for a thread waiting on `_stop`,
// `cls.server.shutdown()` in tearDownClass for a thread serving `self.server`. When the traces hold no
// close (a thread still ending at exit), every teardown of the file is searched the same way. A fix
// moves those calls into a cleanup at the owner's scope; verification judges whether they were the
// right ones. (Issue 20 puts where the state was finally ended in the finding's evidence; until then
// this file derives it.)
import path from 'node:path';
import type { Finding } from '../check/finding.js';
import type { IndexedRun } from '../trace/run-index.js';
import { resourceLives } from '../trace/resources.js';
import type { SnapshotEvent } from '../trace/schema.js';
import type { CleanupCall } from './hold.js';
import { locateTest } from './locate.js';
import type { FixContext } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { dotted, field, isFunction, isPure, list, paramNames, walk } from './py-tree.js';
import type { SourceFile } from './source.js';
import { targetFunction } from './thread-stoppers.js';

export interface EndedAt {
  at: string;
  id: string | null;
}

/** Boundaries looked at before the one that saw it gone: a thread told to stop in a teardown may take
 *  a scheduler tick to end, so the snapshot after that teardown can still see it alive. */
const BOUNDARIES_BEFORE = 3;

/** The boundaries around which the leaked resource of `f` ended, in the first run that saw it go: the
 *  one whose snapshot first saw it gone, and the few test or scope ends just before it. */
export function endedAt(f: Finding, runs: IndexedRun[]): EndedAt[] {
  for (const run of runs) {
    for (const life of resourceLives(run)) {
      const e = life.open.event;
      if (!life.leaked || life.close === null || e.target !== f.target || e.site?.line !== f.site?.line || e.site?.file !== f.site?.file) continue;
      const from = life.ownerEnd?.pos ?? life.open.pos;
      const seen = run.events.findIndex((x, i) => i > (life.close?.pos ?? 0) && x.ev === 'snapshot' && x.proc === e.proc);
      if (seen < 0) continue;
      const snap = run.events[seen] as SnapshotEvent;
      const before: EndedAt[] = [];
      for (let i = seen - 1; i > from && before.length < BOUNDARIES_BEFORE; i--) {
        const x = run.events[i];
        if (x?.proc !== e.proc) continue;
        if (x.ev === 'test-end') before.push({ at: 'end', id: x.test });
        if (x.ev === 'scope-end') before.push({ at: 'scope-end', id: x.id });
      }
      return [{ at: snap.at, id: snap.id }, ...before];
    }
  }
  return [];
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

/** A module scope id names this file: unittest's dotted module name, or pytest's path. */
const isModuleOf = (id: string, src: SourceFile): boolean =>
  id === src.display || id.split('.').pop() === path.basename(src.path, '.py');

/** The functions that ran at that boundary and may hold the call that ended it. */
async function closers(ended: EndedAt, src: SourceFile, ctx: FixContext): Promise<PyNode[]> {
  if (ended.id === null) return [];
  if (ended.at === 'scope-end') {
    const byClass = method(src, className(ended.id), 'tearDownClass');
    if (byClass) return [byClass];
    return isModuleOf(ended.id, src) ? list(src.tree, 'body').filter((s) => isFunction(s) && s.name === 'tearDownModule') : [];
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

/** Every class and module teardown of the file, as boundaries. */
function teardownsOf(src: SourceFile): EndedAt[] {
  const out: EndedAt[] = [{ at: 'scope-end', id: path.basename(src.path, '.py') }];
  for (const n of walk(src.tree)) if (n._t === 'ClassDef') out.push({ at: 'scope-end', id: String(n.name) });
  return out;
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
export async function endingCalls(f: Finding, construction: PyNode | null, owner: PyNode | null, src: SourceFile, ctx: FixContext): Promise<Array<CleanupCall & { from: string }>> {
  if (!construction) return [];
  // Without a close in the traces, the teardowns of the file are where such calls live.
  const ended = endedAt(f, ctx.runs);
  const where = ended.length > 0 ? ended : teardownsOf(src);
  const ownerSelf = owner ? paramNames(owner)[0] : undefined;
  // What the thread's own function waits on (`_stop.wait()` in `_pump`) is as much its handle as its construction.
  const runs = targetFunction(construction, src.tree);
  const names = new Set([...mentioned(construction, ownerSelf), ...(runs ? mentioned(runs, undefined) : [])]);
  const calls: Array<CleanupCall & { from: string }> = [];
  const fns = new Set<PyNode>();
  for (const boundary of where) for (const fn of await closers(boundary, src, ctx)) fns.add(fn);
  for (const fn of fns) {
    const closerSelf = paramNames(fn)[0];
    for (const stmt of list(fn, 'body')) {
      const call = stmt._t === 'Expr' ? field(stmt, 'value') : null;
      const recv = field(field(call, 'func'), 'value');
      let text = dotted(recv);
      if (call?._t !== 'Call' || text === null || !list(call, 'args').every(isPure) || list(call, 'keywords').length > 0) continue;
      if (closerSelf !== undefined && ownerSelf !== undefined && (text === closerSelf || text.startsWith(`${closerSelf}.`))) text = ownerSelf + text.slice(closerSelf.length);
      if (!names.has(text)) continue;
      const ending = `${text}.${String(field(call, 'func')?.attr)}`;
      if (!calls.some((c) => c.fn === ending)) calls.push({ fn: ending, args: list(call, 'args').map((a) => src.textOf(a)), from: `as ${String(fn.name)} does` });
    }
  }
  return calls;
}
