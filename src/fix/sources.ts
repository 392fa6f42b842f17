// The suite's files as fixers read them: a site's path (relative to the run's folder, or absolute)
// read once and parsed by the suite's interpreter, in one batch per preload.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import type { NoFix, Sources } from './proposal.js';
import type { ParseResult, PythonAst } from './python-ast.js';
import { SourceFile } from './source.js';

export class SuiteSources implements Sources {
  private readonly cache = new Map<string, Promise<SourceFile | NoFix>>();

  constructor(private readonly ast: PythonAst, private readonly cwd: string) {}

  absolute(file: string): string {
    return path.resolve(this.cwd, file);
  }

  /** How a file is named in messages and diffs: relative to the run's folder when inside it. */
  display(abs: string): string {
    const rel = path.relative(this.cwd, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  }

  /** Parses these files in one interpreter call (the others parse on first use). */
  async preload(files: string[]): Promise<void> {
    const todo = [...new Set(files.map((f) => this.absolute(f)))].filter((f) => !this.cache.has(f) && f.endsWith('.py'));
    if (todo.length === 0) return;
    const parsed = this.ast.parse(todo);
    for (const f of todo) this.cache.set(f, parsed.then((m) => this.load(f, m.get(f))));
    await parsed;
  }

  get(file: string): Promise<SourceFile | NoFix> {
    const abs = this.absolute(file);
    const cached = this.cache.get(abs);
    if (cached) return cached;
    const loading = this.ast.parse([abs]).then((m) => this.load(abs, m.get(abs)));
    this.cache.set(abs, loading);
    return loading;
  }

  private async load(abs: string, parsed: ParseResult | undefined): Promise<SourceFile | NoFix> {
    const shown = this.display(abs);
    if (!parsed) return { reason: `${shown} was not parsed` };
    if ('error' in parsed) return { reason: `${shown} cannot be parsed by the suite's interpreter (${parsed.error})` };
    try {
      return new SourceFile(abs, await readFile(abs, 'utf8'), parsed.tree, shown);
    } catch (err) {
      return { reason: `cannot read ${shown} (${errnoCode(err) ?? (err as Error).message})` };
    }
  }
}
