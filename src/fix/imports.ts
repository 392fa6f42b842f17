// How a module a fix needs (os, unittest, unittest.mock, functools...) is reachable in the file:
// the name an existing top-level import binds it to, or a new `import` line placed after the file's
// last top-level import (after the docstring and `from __future__` when there is none).
import type { Edit } from './edit.js';
import type { PyNode } from './python-ast.js';
import { isDocstring, list } from './py-tree.js';
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

/** An `import` line added where a person would put it. */
export function addImport(src: SourceFile, line: string): Edit {
  const body = list(src.tree, 'body');
  let after: PyNode | null = null;
  for (const [i, s] of body.entries()) {
    if (s._t === 'Import' || s._t === 'ImportFrom' || (i === 0 && isDocstring(s))) after = s;
    else break;
  }
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
