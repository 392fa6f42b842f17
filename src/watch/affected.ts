// Which tests a change affects. When only test files changed, and the runner can be narrowed, only
// their tests are rerun; a test file is one that held tests in the runs so far. Any other change
// (a source module, conftest.py, a new or deleted file) can affect any test: everything is rerun.
import path from 'node:path';
import { FAILED_IMPORT_PREFIX, moduleOfFile, moduleOfUnittestId } from '../run/python-module.js';
import { detectRunner, type Runner } from '../run/select.js';
import type { Change } from './debounce.js';

export type Rerun =
  /** Rerun the whole command. */
  | { tests: null; reason: string }
  /** `select`: what to hand to selectTests in the runner's syntax; `covered`: the known tests it replaces. */
  | { tests: string[]; covered: string[]; reason: string };

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
