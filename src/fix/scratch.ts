// A scratch copy of the project where proposals are tried: the user's tree is never written by a
// verification. The run's folder is copied (without VCS data, caches and flakescope's own output;
// virtualenvs and node_modules are linked, not copied, so commands that name them still work). A file
// outside that folder (a suite installed in site-packages, as nova's) is tried in a copy of its
// top-level package, put first on PYTHONPATH, with the non-Python folders beside it linked next to the
// copy. Edits are written before a trial and undone after it.
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { applyEdits, byFile, type Edit } from './edit.js';

/** Folders never copied: version control, caches, tools' own state. */
const SKIPPED = new Set(['.git', '.hg', '.svn', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.hypothesis']);
/** Folders linked rather than copied: large, and only read by the tests. */
const LINKED = new Set(['node_modules']);
/** A scratch copy past this many files means flakescope was run from far above the project. */
export const MAX_COPIED_FILES = 50_000;

const isVenv = (dir: string): boolean => existsSync(path.join(dir, 'pyvenv.cfg'));
const inside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir + path.sep);

/** Entries next to a package that are not Python (nova reads ../etc/nova/api-paste.ini): linked beside its
 *  copy so it finds them. Packages, modules and their metadata are not, so imports still resolve as before. */
async function linkData(from: string, to: string): Promise<void> {
  for (const e of await readdir(from, { withFileTypes: true }).catch(() => [])) {
    const name = e.name;
    if (!e.isDirectory() || name.startsWith('.') || /\.(dist|egg)-info$/.test(name) || name === '__pycache__') continue;
    if (existsSync(path.join(from, name, '__init__.py')) || existsSync(path.join(to, name))) continue;
    await symlink(path.join(from, name), path.join(to, name));
  }
}

export class Scratch {
  private readonly outside = new Map<string, string>();
  private pathEntries: string[] = [];

  /** `excluded`: folders of the project left out of the copy (the --out folder), whose paths stay as they are. */
  private constructor(readonly project: string, readonly root: string, private readonly excluded: string[]) {}

  /** Copies `project` (minus `exclude`, e.g. the --out folder) into a new temporary folder. */
  static async create(project: string, exclude: string[]): Promise<Scratch> {
    const base = await mkdtemp(path.join(tmpdir(), 'flakescope-fix-'));
    const root = path.join(base, path.basename(project) || 'project');
    const links: string[] = [];
    let copied = 0;
    try {
      await cp(project, root, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (from) => {
          if (exclude.some((e) => inside(e, from))) return false;
          const name = path.basename(from);
          if (from !== project && (LINKED.has(name) || isVenv(from))) {
            links.push(from);
            return false;
          }
          if (SKIPPED.has(name)) return false;
          if (++copied > MAX_COPIED_FILES) throw new UsageError(`${project} holds more than ${MAX_COPIED_FILES} files to copy for verification; run flakescope from the project's own folder`);
          return true;
        },
      });
      for (const from of links) await symlink(from, path.join(root, path.relative(project, from)));
    } catch (err) {
      await rm(base, { recursive: true, force: true });
      throw err;
    }
    return new Scratch(project, root, exclude);
  }

  /** Where an original path lives in the scratch copy (outside files: in their package's copy). */
  map(abs: string): string {
    if (inside(this.project, abs)) return path.join(this.root, path.relative(this.project, abs));
    for (const [orig, copy] of this.outside) if (inside(orig, abs)) return path.join(copy, path.relative(orig, abs));
    return abs;
  }

  /** An argument naming a path inside the project is pointed at the copy (a reproducer's load-list in
   *  the --out folder stays where it is). */
  mapArg(arg: string): string {
    return path.isAbsolute(arg) && inside(this.project, arg) && !this.excluded.some((e) => inside(e, arg)) ? this.map(arg) : arg;
  }

  /** Folders to put first on PYTHONPATH: copies of packages from outside the project. */
  get pythonPath(): string[] {
    return this.pathEntries;
  }

  /** Copies the top-level package (or lone module) holding an outside file, once. */
  async include(abs: string): Promise<void> {
    if (inside(this.project, abs) || [...this.outside.keys()].some((o) => inside(o, abs))) return;
    let top = abs;
    let dir = path.dirname(abs);
    while (existsSync(path.join(dir, '__init__.py'))) {
      top = dir;
      dir = path.dirname(dir);
    }
    const entry = path.join(path.dirname(this.root), `outside-${this.outside.size}`);
    const copy = path.join(entry, path.basename(top));
    await cp(top, copy, { recursive: true, verbatimSymlinks: true, filter: (from) => !SKIPPED.has(path.basename(from)) });
    await linkData(path.dirname(top), entry);
    this.outside.set(top, copy);
    this.pathEntries = [...this.pathEntries, entry];
  }

  /** Writes the edited files into the copy, runs `fn`, and restores them whatever happens. */
  async withEdits<T>(edits: readonly Edit[], fn: () => Promise<T>): Promise<T> {
    const saved: Array<{ file: string; text: string }> = [];
    try {
      for (const [file, list] of byFile(edits)) {
        await this.include(file);
        const target = this.map(file);
        const text = await readFile(target, 'utf8');
        saved.push({ file: target, text });
        await writeFile(target, applyEdits(text, list));
      }
      return await fn();
    } finally {
      for (const s of saved.reverse()) await writeFile(s.file, s.text);
    }
  }

  async dispose(): Promise<void> {
    await rm(path.dirname(this.root), { recursive: true, force: true });
  }
}
