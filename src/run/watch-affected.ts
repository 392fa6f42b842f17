// Which tests a change affects. When only test files changed, and the runner can be narrowed, only
// their tests are rerun; a test file is one that held tests in the runs so far. Any other change
// (a source module, conftest.py, a new or deleted file) can affect any test: everything is rerun.
import path from 'node:path';
import type { Change } from './watch-debounce.js';
import { detectRunner, type Runner } from './select.js';

/** unittest's stand-in for a module that failed to import: `unittest.loader._FailedTest.<module>`. */
const FAILED_IMPORT_PREFIX = 'unittest.loader._FailedTest.';

export type Rerun =
  /** Rerun the whole command. */
  | { tests: null; reason: string }
  /** `select`: what to hand to selectTests in the runner's syntax; `covered`: the known tests it replaces. */
  | { tests: string[]; covered: string[]; reason: string };

/** `pkg/test_a.py` -> `pkg.test_a`; `pkg/__init__.py` -> `pkg`. */
export function moduleOfFile(rel: string): string {
  return rel.replace(/\.py$/, '').replace(/[\\/]__init__$/, '').split(/[\\/]/).join('.');
}

/** The module of a unittest id `module.Class.method` (a scenario suffix `method(name)` dropped), or
 *  the module named by a failed-import stand-in. */
export function moduleOfUnittestId(id: string): string {
  if (id.startsWith(FAILED_IMPORT_PREFIX)) return id.slice(FAILED_IMPORT_PREFIX.length);
  const plain = id.split(/[ (]/, 1)[0] as string;
  return plain.split('.').slice(0, -2).join('.');
}

/** Whether test `id` (in the runner's id syntax) is defined in `rel` (a path relative to the cwd). */
function definedIn(runner: Runner, id: string, rel: string): boolean {
  if (runner === 'pytest') return id.split('::', 1)[0] === rel.split(path.sep).join('/');
  return moduleOfUnittestId(id) === moduleOfFile(rel);
}

const RUNNERS_THAT_NARROW = 'pytest, python -m unittest, testtools.run, stestr';

export function planRerun(command: string[], cwd: string, known: readonly string[], changes: readonly Change[]): Rerun {
  const runner = detectRunner(command);
  if (runner === 'unknown') return { tests: null, reason: `reran everything: ${command[0] ?? ''} cannot be narrowed to single tests (only ${RUNNERS_THAT_NARROW})` };
  const files: string[] = [];
  const covered: string[] = [];
  for (const change of changes) {
    const rel = path.relative(cwd, change.file);
    if (change.kind === 'deleted') return { tests: null, reason: `reran everything: ${rel} was deleted` };
    const ids = known.filter((id) => definedIn(runner, id, rel));
    if (ids.length === 0) return { tests: null, reason: `reran everything: ${rel} is not a test file of the last runs` };
    files.push(rel);
    covered.push(...ids);
  }
  const where = `only test files changed (${files.join(', ')})`;
  switch (runner) {
    case 'pytest':
      return { tests: files, covered, reason: `reran the tests of ${files.length} file(s): ${where}` };
    case 'unittest':
      // Whole modules, not the known ids: tests added to the file run too, and a module that failed
      // to import (known only as a _FailedTest) is retried.
      return { tests: [...new Set(files.map(moduleOfFile))], covered, reason: `reran the tests of ${files.length} module(s): ${where}` };
    case 'load-list': {
      const selectable = covered.filter((id) => !id.startsWith(FAILED_IMPORT_PREFIX));
      if (selectable.length < covered.length) return { tests: null, reason: `reran everything: a changed module had failed to import, so its test ids are unknown` };
      return { tests: selectable, covered, reason: `reran ${selectable.length} known test(s): ${where}` };
    }
  }
}
