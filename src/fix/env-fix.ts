// env-pollution: process-wide state a test changed and did not restore, restored at the end of its
// owner's scope.
//   os.environ[K] = v      pytest: monkeypatch.setenv(K, v); unittest: the assignment becomes a
//                          patch.dict(os.environ, {K: v}) started and stopped by a cleanup
//   del os.environ[K]      pytest: monkeypatch.delenv(K)
//   os.chdir(p)            pytest: monkeypatch.chdir(p)
//   sys.path.insert(0, p)  pytest: monkeypatch.syspath_prepend(p)
//   anything else          the state is saved before the statement and a cleanup restores it:
//                          os.environ (patch.dict snapshot), cwd, sys.path, a logger's level and
//                          handlers, a signal handler, socket's default timeout, asyncio's policy.
// When the statement is not in a test's code (a helper in the package under test), the restore goes
// at the top of the owner test instead.
import type { Finding } from '../check/finding.js';
import { moduleRef, patchRef } from './imports.js';
import { freshName } from './names.js';
import { moduleNames } from './hold.js';
import { locate, locateTest, ownerScopeOf } from './locate.js';
import { ensureParam } from './params.js';
import type { FixContext, Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { dotted, enclosingFunction, field, isPure, list } from './py-tree.js';
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

/** The logger a statement changes (`x.setLevel(...)`'s x), when it can be named again safely. */
function loggerText(loc: Located): string | null {
  const call = callOf(loc.at.stmt);
  const f = field(call, 'func');
  if (f?._t !== 'Attribute' || !['setLevel', 'addHandler', 'removeHandler'].includes(String(f.attr))) return null;
  const recv = field(f, 'value') as PyNode;
  if (isPure(recv)) return loc.src.textOf(recv);
  // getLogger(name) returns the same logger every time.
  if (recv._t === 'Call' && (dotted(field(recv, 'func')) ?? '').endsWith('getLogger') && list(recv, 'args').every(isPure)) return loc.src.textOf(recv);
  return null;
}

/** What saves and restores the state named by the finding's target, registered in `scope`. */
function restoreFor(target: string, loc: Located, scope: CleanupScope, atSite: boolean): Restore | { reason: string } {
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
    const lg = (atSite ? loggerText(loc) : null) ?? (named === 'root' ? `${logging.name}.getLogger()` : `${logging.name}.getLogger(${JSON.stringify(named)})`);
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
  let loc: Located | null = 'reason' in site ? null : site;
  let scope = loc ? cleanupScope({ src: loc.src, at: loc.at, owner, runner: ctx.runner }) : null;
  let atSite = true;
  if (!loc || !scope || 'reason' in scope) {
    // Not in a test's code: restore at the top of the owner test.
    if (owner !== 'test' || f.test === null) return { reason: ('reason' in site ? site.reason : (scope as { reason: string }).reason) };
    const top = await locateTest(ctx, f.test);
    if ('reason' in top) return top;
    loc = top;
    scope = cleanupScope({ src: top.src, at: top.at, owner, runner: ctx.runner });
    if ('reason' in scope) return scope;
    atSite = false;
  }
  if (atSite && scope.style === 'pytest' && scope.pytestFunction) {
    const mp = viaMonkeypatch(loc, target);
    if (mp) {
      const param = ensureParam(loc.src, scope.pytestFunction, 'monkeypatch');
      if ('reason' in param) return param;
      const stmt = loc.at.stmt;
      const edit = stmt._t === 'Expr' ? replaceNode(loc.src, stmt, mp.line) : replaceStatement(loc.src, stmt, [mp.line]);
      if (!isEdit(edit)) return edit;
      return { edits: [edit, ...(param.edit ? [param.edit] : [])], summary: `monkeypatch, which undoes the change when ${String(scope.pytestFunction.name)} ends` };
    }
  }
  if (atSite && scope.style === 'unittest' && target.startsWith('os.environ[')) {
    const assigned = environAssignment(loc, scope);
    if (assigned) return assigned;
  }
  const restore = restoreFor(target, loc, scope, atSite);
  if ('reason' in restore) return restore;
  const before = insertBefore(loc.src, loc.at.stmt, restore.lines);
  if (!isEdit(before)) return before;
  const where = atSite ? 'before the change' : `at the top of ${f.test}`;
  const by = restore.what.includes('monkeypatch') ? '' : ` by ${scope.how}`;
  return { edits: [before, ...restore.edits], summary: `${restore.what}${by}, registered ${where}` };
}
