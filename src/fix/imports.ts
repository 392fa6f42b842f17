// How a module a fix needs (os, unittest, unittest.mock, functools...) is reachable in the file:
// the name an existing top-level import binds it to, or a new `import` line placed after the file's
// last top-level import (after the docstring and `from __future__` when there is none).
import type { Edit } from './edit.js';
import type { PyNode } from './python-ast.js';
import { isDocstring, list, walk } from './py-tree.js';
import type { SourceFile } from './source.js';

export interface ModuleRef {
  /** The expression that names the module (or the imported object) in this file. */
  name: string;
  /** The import to add, when the file does not import it yet. */
  edit: Edit | null;
}

/** Imports of the module body and of the given function's own top-level statements. */
function importsIn(tree: PyNode, fn: PyNode | null): PyNode[] {
  return [...list(tree, 'body'), ...list(fn, 'body')].filter((s) => s._t === 'Import' || s._t === 'ImportFrom');
}

/** The name `module` is bound to by `import module [as x]` or `from pkg import mod [as x]`, or null. */
export function boundName(tree: PyNode, fn: PyNode | null, module: string): string | null {
  const dot = module.lastIndexOf('.');
  for (const s of importsIn(tree, fn)) {
    for (const a of list(s, 'names')) {
      const name = String(a.name);
      const as = typeof a.asname === 'string' ? a.asname : null;
      if (s._t === 'Import' && name === module) return as ?? module;
      if (s._t === 'ImportFrom' && dot > 0 && s.module === module.slice(0, dot) && name === module.slice(dot + 1) && Number(s.level ?? 0) === 0) return as ?? name;
    }
  }
  return null;
}

/** The name `from module import member [as x]` binds, or null. */
export function importedMember(tree: PyNode, fn: PyNode | null, module: string, member: string): string | null {
  for (const s of importsIn(tree, fn)) {
    if (s._t !== 'ImportFrom' || s.module !== module || Number(s.level ?? 0) !== 0) continue;
    for (const a of list(s, 'names')) if (a.name === member) return typeof a.asname === 'string' ? a.asname : member;
  }
  return null;
}

/** The file's first block of top-level imports (after the docstring and `from __future__`, up to
 *  the first blank line or other statement), and the docstring or __future__ import before it. */
function firstImportBlock(src: SourceFile): { block: PyNode[]; before: PyNode | null } {
  const body = list(src.tree, 'body');
  const block: PyNode[] = [];
  let before: PyNode | null = null;
  for (const [i, s] of body.entries()) {
    const isImport = s._t === 'Import' || s._t === 'ImportFrom';
    if (!isImport) {
      if (i === 0 && isDocstring(s)) {
        before = s;
        continue;
      }
      break;
    }
    if (s._t === 'ImportFrom' && s.module === '__future__') {
      before = s;
      continue;
    }
    const prev = block[block.length - 1];
    if (prev && src.line((prev.el as number) + 1).trim() === '') break;
    block.push(s);
  }
  return { block, before };
}

const sortKey = (s: PyNode): string => (s._t === 'Import' ? `0 ${String(list(s, 'names')[0]?.name ?? '')}` : `1 ${String(s.module ?? '')}`);

/** An import line added where isort would put it: the modules fixes import are all in the standard
 *  library, so into the file's first block of imports (the standard library's, in the usual
 *  grouping), `import x` lines before `from x import y` lines, each in name order. */
export function addImport(src: SourceFile, line: string): Edit {
  const { block, before } = firstImportBlock(src);
  const from = /^from\s+(\S+)/.exec(line);
  const key = from ? `1 ${from[1]}` : `0 ${line.replace(/^import\s+/, '')}`;
  const next = block.find((s) => sortKey(s) > key);
  if (next) {
    const at = src.lineStart(next.l as number);
    return { file: src.path, start: at, end: at, text: `${line}${src.eol}` };
  }
  const after = block[block.length - 1] ?? before;
  const at = after ? src.lineEnd(after.el as number) : 0;
  const lead = at === src.text.length && at > 0 && !/[\r\n]$/.test(src.text) ? src.eol : '';
  return { file: src.path, start: at, end: at, text: `${lead}${line}${src.eol}` };
}

/** `module` by its bound name, or by its full dotted name with `import module` added. */
export function moduleRef(src: SourceFile, fn: PyNode | null, module: string): ModuleRef {
  const bound = boundName(src.tree, fn, module);
  if (bound !== null) return { name: bound, edit: null };
  return { name: module, edit: addImport(src, `import ${module}`) };
}

/** unittest.mock's `patch` as this file can reach it: `mock.patch`, `unittest.mock.patch`, an imported
 *  `patch`, the mock backport's `mock.patch`; else `mock.patch` with `from unittest import mock` added. */
export function patchRef(src: SourceFile, fn: PyNode | null): ModuleRef {
  const mod = boundName(src.tree, fn, 'unittest.mock') ?? boundName(src.tree, fn, 'mock');
  if (mod !== null) return { name: `${mod}.patch`, edit: null };
  const member = importedMember(src.tree, fn, 'unittest.mock', 'patch') ?? importedMember(src.tree, fn, 'mock', 'patch');
  if (member !== null) return { name: member, edit: null };
  return { name: 'mock.patch', edit: addImport(src, 'from unittest import mock') };
}

/** Top-level `import x` / `from m import x` statements of the single name `name`. */
function soleImportsOf(src: SourceFile, name: string): PyNode[] {
  return list(src.tree, 'body').filter((s) => {
    const names = list(s, 'names');
    if ((s._t !== 'Import' && s._t !== 'ImportFrom') || names.length !== 1) return false;
    const a = names[0] as PyNode;
    const bound = typeof a.asname === 'string' ? a.asname : String(a.name).split('.')[0];
    return bound === name && (s._t === 'ImportFrom' || !String(a.name).includes('.') || typeof a.asname === 'string');
  });
}

/** Deletions of the import lines of names the edits leave unused (the `import time` a replaced sleep
 *  needed), as a tidy person would: only a statement importing that one name, on lines of its own. */
export function dropUnusedImports(src: SourceFile, edits: readonly Edit[], names: readonly string[]): Edit[] {
  const out: Edit[] = [];
  for (const name of new Set(names)) {
    const uses = [...walk(src.tree)].filter((n) => n._t === 'Name' && n.id === name);
    const removed = uses.filter((n) => {
      const { start, end } = src.span(n);
      return edits.some((e) => e.file === src.path && e.start < e.end && e.start <= start && end <= e.end);
    });
    const added = edits.some((e) => e.file === src.path && new RegExp(`(^|[^\\w.])${name}\\b`).test(e.text));
    if (added || uses.length !== removed.length) continue;
    for (const stmt of soleImportsOf(src, name)) {
      if (!src.startsLine(stmt) || !src.endsLine(stmt)) continue;
      out.push({ file: src.path, start: src.lineStart(stmt.l as number), end: src.lineEnd(stmt.el as number), text: '' });
    }
  }
  return out;
}
