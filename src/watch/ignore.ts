// What `flakescope watch` does not watch. Each rule is a named predicate with its reason; chokidar
// calls `watchIgnored` for every path it meets, so an ignored folder is never descended into.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Only Python source can change what the tests do (the brief's scope: *.py under the project). */
export const isPythonFile = (file: string): boolean => file.endsWith('.py');

/** Python writes .pyc files here while the tests import: watching them would retrigger every run. */
const isBytecodeCache = (name: string): boolean => name === '__pycache__';

/** Version-control internals: rewritten by git operations, never imported by the tests. */
const isVcsDir = (name: string): boolean => name === '.git' || name === '.hg' || name === '.svn';

/** JavaScript dependencies (flakescope's own when installed locally), not the project's Python. */
const isNodeModules = (name: string): boolean => name === 'node_modules';

/** Virtualenvs by their usual names: installed packages, thousands of files nobody edits. */
const isVenvByName = (name: string): boolean => name.startsWith('.venv') || name === 'venv';

/** Any virtualenv, whatever its name (env, .tox/py311): the interpreter writes pyvenv.cfg at its root. */
const isVenvByMarker = (dir: string): boolean => existsSync(path.join(dir, 'pyvenv.cfg'));

/** flakescope's own output (--out): every run rewrites it. */
const isInside = (file: string, dir: string): boolean => file === dir || file.startsWith(dir + path.sep);

/** A predicate for chokidar's `ignored`: true for paths watch must not follow. `stats` is absent when
 *  chokidar has not stat'ed the path yet; then only name rules apply and it asks again with stats. */
export function watchIgnored(outDir: string): (file: string, stats?: { isFile(): boolean; isDirectory(): boolean }) => boolean {
  return (file, stats) => {
    if (isInside(file, outDir)) return true;
    if (stats?.isFile()) return !isPythonFile(file);
    const name = path.basename(file);
    if (isBytecodeCache(name) || isVcsDir(name) || isNodeModules(name) || isVenvByName(name)) return true;
    return (stats === undefined || stats.isDirectory()) && isVenvByMarker(file);
  };
}
