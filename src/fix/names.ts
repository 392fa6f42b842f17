// A name for a new local (the patcher, thread or process a fix has to hold on to) that shadows
// nothing the function, or the module-level names it can see, already uses.
import type { PyNode } from './python-ast.js';
import { namesIn } from './py-tree.js';

export function freshName(base: string, ...scopes: PyNode[]): string {
  const taken = new Set<string>();
  for (const s of scopes) for (const n of namesIn(s)) taken.add(n);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
