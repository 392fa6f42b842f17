// Where a cleanup for state made at a statement can be registered, from the scope that owns the state
// (the finding's owner) and the code around the statement:
//   test (unittest)     self.addCleanup(fn, *args)       in the test, setUp or a helper method
//   class               cls.addClassCleanup(fn, *args)   in setUpClass or a helper it calls
//   module              unittest.addModuleCleanup(...)   anywhere (setUpModule, usually)
//   pytest test/fixture request.addfinalizer(fn), or functools.partial(fn, *args): finalizers run
//                       at the end of the test or fixture scope, last registered first, as cleanups do.
import type { Edit } from './edit.js';
import { moduleRef } from './imports.js';
import { ensureParam } from './params.js';
import type { PyNode } from './python-ast.js';
import { decoratorNames, enclosingMethod, field, isPytestFixture, list, outermostFunction, paramNames, type StmtRef } from './py-tree.js';
import type { SourceFile } from './source.js';

export type OwnerScope = 'test' | 'class' | 'module' | 'fixture' | 'session';

export interface CleanupScope {
  style: 'unittest' | 'pytest';
  /** The function pytest calls by name (a test or fixture), for fixtures it can be given. */
  pytestFunction: PyNode | null;
  /** The statement text registering `fn(*args)` as a cleanup, and the edits it needs (a parameter, an import). */
  register(fn: string, args?: string[]): { line: string; edits: Edit[] } | { reason: string };
  /** For messages: `self.addCleanup`, `request.addfinalizer`... */
  how: string;
}

export interface ScopeQuery {
  src: SourceFile;
  at: StmtRef;
  owner: OwnerScope;
  /** The runner the tests ran under: unittest TestCases have addCleanup; pytest's plain classes do not. */
  runner: 'unittest' | 'pytest';
}

const call = (fn: string, args: string[]): string => `${fn}${args.length > 0 ? `, ${args.join(', ')}` : ''}`;

/** A class pytest runs as a unittest.TestCase: under unittest every test class is one; under pytest, one with a base class. */
function isTestCaseClass(cls: PyNode, runner: 'unittest' | 'pytest'): boolean {
  if (runner === 'unittest') return true;
  return list(cls, 'bases').some((b) => !(b._t === 'Name' && b.id === 'object'));
}

/** A function pytest calls by its name: a test function (or method of a Test class) or a fixture. */
function isPytestCalled(fn: PyNode, cls: PyNode | null): boolean {
  if (isPytestFixture(fn)) return true;
  return String(fn.name).startsWith('test') && (cls === null || String(cls.name).startsWith('Test'));
}

function unittestScope(src: SourceFile, receiver: string, method: string): CleanupScope {
  return {
    style: 'unittest', pytestFunction: null, how: `${receiver}.${method}`,
    register: (fn, args = []) => ({ line: `${receiver}.${method}(${call(fn, args)})`, edits: [] }),
  };
}

function moduleScope(src: SourceFile, fn: PyNode | null): CleanupScope {
  return {
    style: 'unittest', pytestFunction: null, how: 'unittest.addModuleCleanup',
    register: (f, args = []) => {
      const u = moduleRef(src, fn, 'unittest');
      return { line: `${u.name}.addModuleCleanup(${call(f, args)})`, edits: u.edit ? [u.edit] : [] };
    },
  };
}

function pytestScope(src: SourceFile, fn: PyNode): CleanupScope {
  return {
    style: 'pytest', pytestFunction: fn, how: 'request.addfinalizer',
    register: (f, args = []) => {
      const p = ensureParam(src, fn, 'request');
      if ('reason' in p) return p;
      const edits = p.edit ? [p.edit] : [];
      if (args.length === 0) return { line: `request.addfinalizer(${f})`, edits };
      const ft = moduleRef(src, fn, 'functools');
      return { line: `request.addfinalizer(${ft.name}.partial(${call(f, args)}))`, edits: ft.edit ? [...edits, ft.edit] : edits };
    },
  };
}

/** The scope to register cleanups in for state made at `q.at`, or a reason there is none. */
export function cleanupScope(q: ScopeQuery): CleanupScope | { reason: string } {
  const { src, at, owner, runner } = q;
  const method = enclosingMethod(at.ancestors);
  const outer = outermostFunction(at.ancestors);
  const where = `${src.display}:${at.stmt.l}`;
  if (owner === 'session') return { reason: `${where}: the state belongs to the whole session; no scope ends before the process does` };
  if (owner === 'module') return moduleScope(src, outer);
  if (method) {
    const self = paramNames(method.method)[0];
    const isStatic = decoratorNames(method.method).includes('staticmethod');
    if (isTestCaseClass(method.cls, runner) && self !== undefined && !isStatic) {
      if (owner === 'class') return unittestScope(src, self, 'addClassCleanup');
      if (owner === 'test') return unittestScope(src, self, 'addCleanup');
    }
    if (runner === 'pytest' && isPytestCalled(method.method, method.cls)) return pytestScope(src, method.method);
    return { reason: `${where} is in ${String(method.cls.name)}.${String(method.method.name)}, where neither addCleanup nor a pytest finalizer can be registered` };
  }
  if (outer && runner === 'pytest' && isPytestCalled(outer, null)) return pytestScope(src, outer);
  if (!outer) return { reason: `${where} runs at import time, outside any test` };
  return { reason: `${where} is in ${String(outer.name)}, a helper outside any test class: it has no test to register a cleanup with` };
}

/** The `scope=` a pytest fixture is declared with ("function" when none). */
export function fixtureScope(fn: PyNode): string {
  for (const d of list(fn, 'decorator_list')) {
    if (d._t !== 'Call') continue;
    for (const k of list(d, 'keywords')) if (k.arg === 'scope' && field(k, 'value')?._t === 'Constant') return String(field(k, 'value')?.value);
  }
  return 'function';
}
