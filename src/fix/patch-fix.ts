// leaked-patch from start() (patch, patch.object, patch.dict, patch.multiple): the patcher is stopped
// at the end of the scope that started it.
//   unittest test / setUp   self.addCleanup(patcher.stop)
//   setUpClass              cls.addClassCleanup(patcher.stop)
//   setUpModule             unittest.addModuleCleanup(patcher.stop)
//   pytest test             mocker.patch(...) when pytest-mock is there, else a with block around
//                           the rest of the test; a named patcher gets request.addfinalizer(p.stop)
//   pytest fixture          a yield fixture that stops the patcher after its yield
import type { Finding } from '../check/finding.js';
import { holdAndClean, holdHandle } from './hold.js';
import { locate, ownerScopeOf } from './locate.js';
import { ensureParam } from './params.js';
import type { FixContext, Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { dropUnusedImports } from './imports.js';
import { calleeName, callsCovering, dotted, enclosingFunction, field, isPure, isPytestFixture, list, sameLine, walk } from './py-tree.js';
import { cleanupScope } from './scope.js';
import { insertAfter, isEdit, replaceNode, replaceStatement, wrapInWith } from './splice.js';

const PATCHER_VARIANTS = new Set(['object', 'dict', 'multiple']);

/** The `x.start()` call at the site, with the statement holding it: the one whose receiver mentions the
 *  patched name when there are several. */
function startCall(loc: Located, line: number, target: string): { start: PyNode; loc: Located } | null {
  const last = target.split('.').pop() ?? '';
  const found = sameLine(loc.at, line).flatMap((at) => callsCovering(at.stmt, line)
    .filter((c) => calleeName(c) === 'start' && field(c, 'func')?._t === 'Attribute')
    .map((start) => ({ start, loc: { src: loc.src, at } })));
  return found.find((c) => loc.src.textOf(c.start).includes(last)) ?? found[0] ?? null;
}

/** `mock.patch.object(...)` -> the node naming `patch` itself (`mock.patch`), which mocker replaces. */
function patchFunction(receiver: PyNode): PyNode | null {
  if (receiver._t !== 'Call') return null;
  const f = field(receiver, 'func');
  if (!f) return null;
  const name = calleeName(receiver);
  if (f._t === 'Attribute' && PATCHER_VARIANTS.has(String(f.attr))) return field(f, 'value');
  return name === 'patch' ? f : null;
}

/** pytest test with pytest-mock: `mock.patch(...).start()` -> `mocker.patch(...)`. */
function viaMocker(loc: Located, fn: PyNode, start: PyNode, receiver: PyNode): Proposed | null {
  const pf = patchFunction(receiver);
  if (!pf) return null;
  const { src } = loc;
  const r = src.span(receiver);
  const p = src.span(pf);
  const text = src.text.slice(r.start, p.start) + 'mocker.patch' + src.text.slice(p.end, r.end);
  const param = ensureParam(src, fn, 'mocker');
  if ('reason' in param) return param;
  const replaced = replaceNode(src, start, text);
  const root = dotted(pf)?.split('.')[0];
  const tidy = root ? dropUnusedImports(src, [replaced], [root]) : [];
  return { edits: [replaced, ...(param.edit ? [param.edit] : []), ...tidy], summary: `mocker.patch in place of the started patcher: pytest-mock undoes it when ${String(fn.name)} ends` };
}

/** pytest test without pytest-mock: the rest of the test inside `with patcher:` (or `with patcher as m:`). */
function viaWith(loc: Located, fn: PyNode, start: PyNode, receiver: PyNode): Proposed | null {
  const { src, at } = loc;
  if (at.ancestors[at.ancestors.length - 1] !== fn) return null;
  const stmt = at.stmt;
  const header = src.textOf(receiver);
  let spliced;
  if (stmt._t === 'Expr' && field(stmt, 'value') === start) spliced = wrapInWith(src, at.block.slice(at.index), header, null);
  else if (stmt._t === 'Assign' && field(stmt, 'value') === start && list(stmt, 'targets').length === 1 && list(stmt, 'targets')[0]?._t === 'Name') {
    spliced = wrapInWith(src, at.block.slice(at.index), `${header} as ${src.textOf(list(stmt, 'targets')[0] as PyNode)}`, null);
  } else return null;
  if (!isEdit(spliced)) return spliced;
  return { edits: [spliced], summary: `a with block around the rest of ${String(fn.name)}, so the patch ends with it` };
}

const hasYield = (fn: PyNode): boolean => [...walk(fn)].some((n) => (n._t === 'Yield' || n._t === 'YieldFrom') && !isNestedDef(fn, n));
function isNestedDef(fn: PyNode, node: PyNode): boolean {
  for (const d of walk(fn)) if (d !== fn && (d._t === 'FunctionDef' || d._t === 'AsyncFunctionDef' || d._t === 'Lambda') && [...walk(d)].includes(node)) return true;
  return false;
}

/** pytest fixture without a yield: `return x` -> `yield x` and the stop after it (or a bare yield and the stop at the end). */
function viaYieldFixture(loc: Located, fn: PyNode, receiver: PyNode): Proposed | null {
  const { src } = loc;
  const body = list(fn, 'body');
  const last = body[body.length - 1] as PyNode;
  const returns = [...walk(fn)].filter((n) => n._t === 'Return' && !isNestedDef(fn, n));
  if (hasYield(fn) || returns.some((r) => r !== last)) return null;
  const held = holdHandle(loc, receiver, 'patcher');
  if ('reason' in held) return held;
  const stop = `${held.name}.stop()`;
  let tail;
  if (last._t === 'Return') {
    const value = field(last, 'value');
    tail = replaceStatement(src, last, [value ? `yield ${src.textOf(value)}` : 'yield', stop]);
  } else tail = insertAfter(src, last, ['yield', stop]);
  if (!isEdit(tail)) return tail;
  return { edits: [...held.edits, tail], summary: `${String(fn.name)} becomes a yield fixture that stops the patcher after its yield` };
}

export async function fixLeakedPatch(f: Finding, ctx: FixContext): Promise<Proposed> {
  const how = f.evidence.how;
  if (how !== undefined && how !== 'start') return { reason: `the patch was started by ${String(how)}, not by start(): flakescope fixes only patchers started by hand` };
  const site = await locate(ctx, f.site);
  if ('reason' in site) return site;
  const line = f.site?.line as number;
  const found = startCall(site, line, f.target ?? '');
  if (!found) return { reason: `no .start() call at ${f.site?.file}:${line}` };
  const { start, loc } = found;
  const receiver = field(field(start, 'func'), 'value') as PyNode;
  const scope = cleanupScope({ src: loc.src, at: loc.at, owner: ownerScopeOf(f), runner: ctx.runner });
  if ('reason' in scope) return scope;
  if (scope.style === 'pytest' && scope.pytestFunction && !isPure(receiver)) {
    const fn = scope.pytestFunction;
    const special = isPytestFixture(fn)
      ? viaYieldFixture(loc, fn, receiver)
      : (ctx.hasPytestMock && enclosingFunction(loc.at.ancestors) === fn ? viaMocker(loc, fn, start, receiver) : null) ?? viaWith(loc, fn, start, receiver);
    if (special) return special;
  }
  return holdAndClean(loc, scope, receiver, 'patcher', (name) => [{ fn: `${name}.stop` }], ` after the patcher starts, so it stops when its ${ownerScopeOf(f)} ends`);
}
