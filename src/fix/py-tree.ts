// Walking the dumped syntax tree: children, the statement at a line with its block and ancestors,
// the function and class around it, and small predicates the fixers share.
import type { PyNode } from './python-ast.js';

const isNode = (v: unknown): v is PyNode => typeof v === 'object' && v !== null && typeof (v as PyNode)._t === 'string';

export function children(node: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '_t') continue;
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) for (const v of value) if (isNode(v)) out.push(v);
  }
  return out;
}

/** Every node under `node` (itself included), depth first. */
export function* walk(node: PyNode): Generator<PyNode> {
  yield node;
  for (const c of children(node)) yield* walk(c);
}

/** A field of a node as a node, or null. */
export function field(node: PyNode | null | undefined, name: string): PyNode | null {
  const v = node?.[name];
  return isNode(v) ? v : null;
}

/** A field of a node as a list of nodes. */
export function list(node: PyNode | null | undefined, name: string): PyNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? v.filter(isNode) : [];
}

/** Statement lists a compound statement holds. */
const BLOCK_FIELDS = ['body', 'orelse', 'finalbody'];

export interface StmtRef {
  stmt: PyNode;
  /** The statement list it is in, and where. */
  block: PyNode[];
  index: number;
  /** Outermost first: the module, then each compound statement (class, def, if, with...) around it. */
  ancestors: PyNode[];
}

function blocksOf(node: PyNode): PyNode[][] {
  const out: PyNode[][] = BLOCK_FIELDS.map((f) => list(node, f)).filter((b) => b.length > 0);
  for (const h of [...list(node, 'handlers'), ...list(node, 'cases')]) out.push(list(h, 'body'));
  return out;
}

const covers = (n: PyNode, line: number): boolean => (n.l ?? 0) <= line && line <= (n.el ?? 0);

/** The innermost statement whose span holds `line`, or null. */
export function statementAt(tree: PyNode, line: number): StmtRef | null {
  let found: StmtRef | null = null;
  const ancestors: PyNode[] = [tree];
  let node: PyNode = tree;
  for (;;) {
    let next: StmtRef | null = null;
    for (const block of blocksOf(node)) {
      const index = block.findIndex((s) => covers(s, line));
      if (index >= 0) {
        next = { stmt: block[index] as PyNode, block, index, ancestors: [...ancestors] };
        break;
      }
    }
    if (!next) return found;
    found = next;
    ancestors.push(next.stmt);
    node = next.stmt;
  }
}

/** The statement and the siblings after it that share `line` (`x = 1; p.start()`). */
export function sameLine(ref: StmtRef, line: number): StmtRef[] {
  const out: StmtRef[] = [];
  for (let i = ref.index; i < ref.block.length && covers(ref.block[i] as PyNode, line); i++) out.push({ ...ref, stmt: ref.block[i] as PyNode, index: i });
  return out.length > 0 ? out : [ref];
}

export const isDocstring = (s: PyNode): boolean => s._t === 'Expr' && field(s, 'value')?._t === 'Constant' && typeof field(s, 'value')?.value === 'string';

export const isFunction = (n: PyNode): boolean => n._t === 'FunctionDef' || n._t === 'AsyncFunctionDef';

/** The innermost function around a statement (by its ancestors), or null at module or class level. */
export function enclosingFunction(ancestors: PyNode[]): PyNode | null {
  for (let i = ancestors.length - 1; i >= 0; i--) if (isFunction(ancestors[i] as PyNode)) return ancestors[i] as PyNode;
  return null;
}

/** The outermost function that is a method (its parent is a class), with that class; null when none is. */
export function enclosingMethod(ancestors: PyNode[]): { method: PyNode; cls: PyNode } | null {
  for (let i = 1; i < ancestors.length; i++) {
    const n = ancestors[i] as PyNode;
    if (isFunction(n) && (ancestors[i - 1] as PyNode)._t === 'ClassDef') return { method: n, cls: ancestors[i - 1] as PyNode };
  }
  return null;
}

/** The outermost function around a statement. */
export function outermostFunction(ancestors: PyNode[]): PyNode | null {
  return ancestors.find(isFunction) ?? null;
}

/** Positional parameter names of a function, in order. */
export function paramNames(fn: PyNode): string[] {
  const args = field(fn, 'args');
  return [...list(args, 'posonlyargs'), ...list(args, 'args')].map((a) => String(a.arg));
}

/** Every parameter name (positional, *args, keyword-only, **kwargs). */
export function allParamNames(fn: PyNode): string[] {
  const args = field(fn, 'args');
  const extra = [field(args, 'vararg'), field(args, 'kwarg')].filter((a): a is PyNode => a !== null);
  return [...paramNames(fn), ...list(args, 'kwonlyargs').map((a) => String(a.arg)), ...extra.map((a) => String(a.arg))];
}

/** Dotted text of a Name / Attribute chain (`a.b.c`), or null for anything else. */
export function dotted(n: PyNode | null): string | null {
  if (!n) return null;
  if (n._t === 'Name') return String(n.id);
  if (n._t === 'Attribute') {
    const base = dotted(field(n, 'value'));
    return base === null ? null : `${base}.${String(n.attr)}`;
  }
  return null;
}

/** The callee's last name: `start` for `p.start()`, `Popen` for `subprocess.Popen(...)`. */
export function calleeName(call: PyNode): string | null {
  const f = field(call, 'func');
  if (f?._t === 'Name') return String(f.id);
  if (f?._t === 'Attribute') return String(f.attr);
  return null;
}

/** Calls whose span starts on `line`, outermost first. */
export function callsOnLine(node: PyNode, line: number): PyNode[] {
  return [...walk(node)].filter((n) => n._t === 'Call' && n.l === line);
}

/** The calls under `node` (itself included) whose span holds `line`. */
export function callsCovering(node: PyNode, line: number): PyNode[] {
  return [...walk(node)].filter((n) => n._t === 'Call' && covers(n, line));
}

/** Decorator texts of a function, as dotted names (the call's callee for `@x(...)`). */
export function decoratorNames(fn: PyNode): string[] {
  return list(fn, 'decorator_list').map((d) => dotted(d._t === 'Call' ? field(d, 'func') : d) ?? '').filter((s) => s !== '');
}

export const isPytestFixture = (fn: PyNode): boolean => decoratorNames(fn).some((d) => d === 'fixture' || d.endsWith('.fixture'));

/** Whether the expression can be evaluated twice with the same result and no effect: names, attributes,
 *  constants, subscripts and tuples of those. */
export function isPure(n: PyNode | null): boolean {
  if (!n) return false;
  switch (n._t) {
    case 'Name':
    case 'Constant':
      return true;
    case 'Attribute':
      return isPure(field(n, 'value'));
    case 'Subscript':
      return isPure(field(n, 'value')) && isPure(field(n, 'slice'));
    case 'Index':
      return isPure(field(n, 'value'));
    case 'Tuple':
    case 'List':
      return list(n, 'elts').every(isPure);
    case 'UnaryOp':
      return isPure(field(n, 'operand'));
    default:
      return false;
  }
}

/** Names a function binds or reads anywhere (parameters included): what a new local must not shadow. */
export function namesIn(node: PyNode): Set<string> {
  const out = new Set<string>();
  for (const n of walk(node)) {
    if (n._t === 'Name') out.add(String(n.id));
    if (n._t === 'arg') out.add(String(n.arg));
    if (isFunction(n) || n._t === 'ClassDef') out.add(String(n.name));
    if (n._t === 'alias') out.add(String(n.asname ?? n.name).split('.')[0] as string);
  }
  return out;
}
