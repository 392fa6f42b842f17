// How a patch names a file so that `git apply` takes it: relative to the git work tree the run's
// folder is in, else to that folder, else (a suite installed outside it, as nova in site-packages)
// to the folder its top-level package sits in, where the patch is then applied.
import { existsSync } from 'node:fs';
import path from 'node:path';

function gitRoot(file: string): string | null {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function packageBase(file: string): string {
  let dir = path.dirname(file);
  while (existsSync(path.join(dir, '__init__.py'))) dir = path.dirname(dir);
  return dir;
}

const inside = (dir: string, file: string): boolean => file.startsWith(dir + path.sep);

export function patchPath(file: string, cwd: string): string {
  const root = gitRoot(path.join(cwd, 'x'));
  const base = root !== null && inside(root, file) ? root : inside(cwd, file) ? cwd : packageBase(file);
  return path.relative(base, file).split(path.sep).join('/');
}
