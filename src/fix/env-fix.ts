// env-pollution: process-wide state a test changed and did not restore, restored at the end of its
// owner's scope.
//   os.environ[K] = v      pytest: monkeypatch.setenv(K, v); unittest: the assignment becomes a
//                          patch.dict(os.environ, {K: v}) started and stopped by a cleanup
//   del os.environ[K]      pytest: monkeypatch.delenv(K)
//   os.chdir(p)            pytest: monkeypatch.chdir(p)
//   sys.path.insert(0, p)  pytest: monkeypatch.syspath_prepend(p)
//   anything else          the state is saved at the top of the function that changed it (it may
//                          change it more than once) and a cleanup restores it: os.environ (a
//                          patch.dict snapshot), cwd, sys.path, a logger's level and handlers, a
//                          signal handler, socket's default timeout, asyncio's policy.
// A change made outside the test's code (library code run by a fixture) is saved where the owner
// test's setup starts: its class's setUp, or the test itself.
import type { Finding } from '../check/finding.js';
import { moduleRef, patchRef } from './imports.js';
import { freshName } from './names.js';
import { moduleNames } from './hold.js';
import { bodyTop, locate, locateSetup, ownerScopeOf } from './locate.js';
import { ensureParam } from './params.js';
import type { FixContext, Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { calleeName, dotted, enclosingFunction, field, list } from './py-tree.js';
import { cleanupScope, type CleanupScope } from './scope.js';
import { insertBefore, isEdit, replaceNode, replaceStatement } from './splice.js';
import type { Edit } from './edit.js';

interface Restore {
  /** Statements run before the change (each may need imports). */
  lines: string[];
  edits: Edit[];
  what: string;
}

/** K of an `os.environ[K]` target (Python 3.8 wraps it in an Index node), or null for any other target. */
function environKey(target: PyNode | null): PyNode | null {
  if (target?._t !== 'Subscript' || !(dotted(field(target, 'value')) ?? '').endsWith('environ')) return null;
  const slice = field(target, 'slice');
  return slice?._t === 'Index' ? field(slice, 'value') : slice;
}

/** The single call the statement is (an expression statement), or null. */
const callOf = (stmt: PyNode): PyNode | null => (stmt._t === 'Expr' && field(stmt, 'value')?._t === 'Call' ? field(stmt, 'value') : null);

/** pytest's monkeypatch form of the statement, when it has one. */
function viaMonkeypatch(loc: Located, target: string): { line: string } | null {
  const { src, at } = loc;
  const stmt = at.stmt;
  if (target.startsWith('os.environ[') && stmt._t === 'Assign' && list(stmt, 'targets').length === 1) {
    const key = environKey(list(stmt, 'targets')[0] as PyNode);
    return key ? { line: `monkeypatch.setenv(${src.textOf(key)}, ${src.textOf(field(stmt, 'value') as PyNode)})` } : null;
  }
  if (target.startsWith('os.environ[') && stmt._t === 'Delete' && list(stmt, 'targets').length === 1) {
    const key = environKey(list(stmt, 'targets')[0] as PyNode);
    return key ? { line: `monkeypatch.delenv(${src.textOf(key)})` } : null;
  }
  const call = callOf(stmt);
  const callee = dotted(field(call, 'func')) ?? '';
  const args = list(call, 'args');
  if (target === 'cwd' && callee.endsWith('chdir') && args.length === 1) return { line: `monkeypatch.chdir(${src.textOf(args[0] as PyNode)})` };
  if (target === 'sys.path' && callee.endsWith('path.insert') && args.length === 2 && (args[0] as PyNode).value === 0) {
    return { line: `monkeypatch.syspath_prepend(${src.textOf(args[1] as PyNode)})` };
  }
  return null;
}

/** What saves and restores the state named by the finding's target, registered in `scope`. */
function restoreFor(target: string, loc: Located, scope: CleanupScope): Restore | { reason: string } {
  const { src, at } = loc;
  const fn = enclosingFunction(at.ancestors);
  const mod = (name: string): { name: string; edits: Edit[] } => {
    const r = moduleRef(src, fn, name);
    return { name: r.name, edits: r.edit ? [r.edit] : [] };
  };
  const reg = (calls: Array<[string, string[]]>, extra: Edit[], what: string): Restore | { reason: string } => {
    const lines: string[] = [];
    const edits = [...extra];
    for (const [f, args] of calls) {
      const r = scope.register(f, args);
      if ('reason' in r) return r;
      lines.push(r.line);
      edits.push(...r.edits);
    }
    return { lines, edits, what };
  };
  if (target.startsWith('os.environ[')) {
    const os = mod('os');
    const p = patchRef(src, fn);
    const name = freshName('environ_patcher', fn ?? src.tree, moduleNames(src.tree));
    const r = reg([[`${name}.stop`, []]], [...os.edits, ...(p.edit ? [p.edit] : [])], 'os.environ saved by patch.dict and restored');
    if ('reason' in r) return r;
    return { ...r, lines: [`${name} = ${p.name}.dict(${os.name}.environ)`, `${name}.start()`, ...r.lines] };
  }
  // pytest: monkeypatch records the current value and puts it back when the test ends.
  const viaMp = (line: string, extra: Edit[], what: string): Restore | { reason: string } => {
    const p = ensureParam(src, scope.pytestFunction as PyNode, 'monkeypatch');
    return 'reason' in p ? p : { lines: [line], edits: [...extra, ...(p.edit ? [p.edit] : [])], what };
  };
  if (target === 'cwd') {
    const os = mod('os');
    if (scope.style === 'pytest' && scope.pytestFunction) return viaMp(`monkeypatch.chdir(${os.name}.getcwd())`, os.edits, 'the working directory restored by monkeypatch');
    return reg([[`${os.name}.chdir`, [`${os.name}.getcwd()`]]], os.edits, 'the working directory restored');
  }
  if (target === 'sys.path') {
    const sys = mod('sys');
    if (scope.style === 'pytest' && scope.pytestFunction) return viaMp(`monkeypatch.setattr(${sys.name}, "path", ${sys.name}.path[:])`, sys.edits, 'sys.path restored by monkeypatch');
    return reg([['setattr', [sys.name, '"path"', `${sys.name}.path[:]`]]], sys.edits, 'sys.path restored');
  }
  if (target.startsWith('logging:')) {
    const logging = mod('logging');
    const named = target.slice('logging:'.length);
    const lg = named === 'root' ? `${logging.name}.getLogger()` : `${logging.name}.getLogger(${JSON.stringify(named)})`;
    return reg([[`${lg}.setLevel`, [`${lg}.level`]], ['setattr', [lg, '"handlers"', `${lg}.handlers[:]`]]], logging.edits, `the ${named} logger's level and handlers restored`);
  }
  if (target.startsWith('signal.SIG')) {
    const signal = mod('signal');
    const num = `${signal.name}.${target.slice('signal.'.length)}`;
    return reg([[`${signal.name}.signal`, [num, `${signal.name}.getsignal(${num})`]]], signal.edits, `the ${target} handler restored`);
  }
  if (target === 'socket.getdefaulttimeout()') {
    const socket = mod('socket');
    return reg([[`${socket.name}.setdefaulttimeout`, [`${socket.name}.getdefaulttimeout()`]]], socket.edits, 'the default socket timeout restored');
  }
  if (target === 'asyncio event loop policy') {
    const asyncio = mod('asyncio');
    return reg([[`${asyncio.name}.set_event_loop_policy`, [`${asyncio.name}.get_event_loop_policy()`]]], asyncio.edits, 'the asyncio event loop policy restored');
  }
  return { reason: `flakescope has no restore for ${target}` };
}

/** unittest: `os.environ[K] = v` -> a patch.dict(os.environ, {K: v}) started and stopped by a cleanup. */
function environAssignment(loc: Located, scope: CleanupScope): Proposed | null {
  const { src, at } = loc;
  const stmt = at.stmt;
  const targets = list(stmt, 'targets');
  const t = targets[0] as PyNode;
  const key = stmt._t === 'Assign' && targets.length === 1 ? environKey(t) : null;
  if (!key) return null;
  const fn = enclosingFunction(at.ancestors);
  const p = patchRef(src, fn);
  const name = freshName('environ_patcher', fn ?? src.tree, moduleNames(src.tree));
  const r = scope.register(`${name}.stop`);
  if ('reason' in r) return r;
  const replaced = replaceStatement(src, stmt, [
    `${name} = ${p.name}.dict(${src.textOf(field(t, 'value') as PyNode)}, {${src.textOf(key)}: ${src.textOf(field(stmt, 'value') as PyNode)}})`,
    `${name}.start()`,
    r.line,
  ]);
  if (!isEdit(replaced)) return replaced;
  return { edits: [replaced, ...r.edits, ...(p.edit ? [p.edit] : [])], summary: `the assignment becomes patch.dict(os.environ) with ${scope.how}(${name}.stop)` };
}

export async function fixEnvPollution(f: Finding, ctx: FixContext): Promise<Proposed> {
  const target = f.target ?? '';
  const owner = ownerScopeOf(f);
  const site = await locate(ctx, f.site);
  const scope = 'reason' in site ? site : cleanupScope({ src: site.src, at: site.at, owner, runner: ctx.runner });
  if (!('reason' in site) && !('reason' in scope)) {
    const special = atTheChange(site, scope, target);
    if (special) return special;
  }
  // The state is saved where the function that changed it starts (it may have changed it more than
  // once), or, for a change made outside the test's code, where the owner test's setup starts.
  let anchor: Located & { fn: PyNode };
  if (!('reason' in site) && !('reason' in scope)) {
    const fn = enclosingFunction(site.at.ancestors) as PyNode;
    anchor = pastSuperSetUp(bodyTop(site.src, fn, site.at.ancestors.slice(0, site.at.ancestors.indexOf(fn))));
  } else {
    if (owner !== 'test' || f.test === null) return { reason: (scope as { reason: string }).reason };
    const setup = await locateSetup(ctx, f.test);
    if ('reason' in setup) return setup;
    anchor = setup;
  }
  const anchorScope = cleanupScope({ src: anchor.src, at: anchor.at, owner, runner: ctx.runner });
  if ('reason' in anchorScope) return anchorScope;
  const restore = restoreFor(target, anchor, anchorScope);
  if ('reason' in restore) return restore;
  const before = insertBefore(anchor.src, anchor.at.stmt, restore.lines);
  if (!isEdit(before)) return before;
  const by = restore.what.includes('monkeypatch') ? '' : ` by ${anchorScope.how}`;
  return { edits: [before, ...restore.edits], summary: `${restore.what}${by}, saved at the top of ${String(anchor.fn.name)}` };
}

/** A setUp that starts with `super().setUp()` registers cleanups after it: a fixtures.Fixture has no
 *  cleanup list before its base setUp runs (and clears it there). */
function pastSuperSetUp<L extends Located>(top: L): L {
  const call = top.at.stmt._t === 'Expr' ? field(top.at.stmt, 'value') : null;
  const f = field(call, 'func');
  const isSuper = call?._t === 'Call' && f?._t === 'Attribute' && /^_?setUp(Class)?$/.test(String(f.attr)) && field(f, 'value')?._t === 'Call' && calleeName(field(f, 'value') as PyNode) === 'super';
  const next = top.at.block[top.at.index + 1];
  return isSuper && next ? { ...top, at: { ...top.at, stmt: next, index: top.at.index + 1 } } : top;
}

/** The statement itself rewritten, when a scoped form of it exists: pytest's monkeypatch, unittest's patch.dict. */
function atTheChange(loc: Located, scope: CleanupScope, target: string): Proposed | null {
  if (scope.style === 'pytest' && scope.pytestFunction) {
    const mp = viaMonkeypatch(loc, target);
    if (!mp) return null;
    const param = ensureParam(loc.src, scope.pytestFunction, 'monkeypatch');
    if ('reason' in param) return param;
    const stmt = loc.at.stmt;
    const edit = stmt._t === 'Expr' ? replaceNode(loc.src, stmt, mp.line) : replaceStatement(loc.src, stmt, [mp.line]);
    if (!isEdit(edit)) return edit;
    return { edits: [edit, ...(param.edit ? [param.edit] : [])], summary: `monkeypatch, which undoes the change when ${String(scope.pytestFunction.name)} ends` };
  }
  return scope.style === 'unittest' && target.startsWith('os.environ[') ? environAssignment(loc, scope) : null;
}
