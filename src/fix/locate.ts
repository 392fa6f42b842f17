// From a finding to the code a fix edits: the statement at its site, and the scope that owns the
// state (evidence.owner, read defensively: analyses may add to it, and old reports may lack it).
import type { Finding } from '../check/finding.js';
import { attemptsByTest, testSite } from '../trace/outcomes.js';
import type { Site } from '../trace/schema.js';
import type { FixContext, Located, NoFix } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { isDocstring, isFunction, list, statementAt } from './py-tree.js';
import type { OwnerScope } from './scope.js';

const OWNER_SCOPES = new Set<OwnerScope>(['test', 'class', 'module', 'fixture', 'session']);

export async function locate(ctx: FixContext, site: Site | null | undefined): Promise<Located | NoFix> {
  if (!site || typeof site.file !== 'string' || typeof site.line !== 'number') return { reason: 'the finding has no site in the suite\'s code' };
  const src = await ctx.sources.get(site.file);
  if ('reason' in src) return src;
  const at = statementAt(src.tree, site.line);
  if (!at) return { reason: `${site.file}:${site.line} holds no statement (the file changed since the run?)` };
  return { src, at };
}

/** The scope that should have ended the state: evidence.owner.scope, else the test. */
export function ownerScopeOf(f: Finding): OwnerScope {
  const owner = f.evidence.owner as { scope?: unknown } | undefined;
  const scope = typeof owner?.scope === 'string' ? owner.scope : 'test';
  return OWNER_SCOPES.has(scope as OwnerScope) ? (scope as OwnerScope) : 'test';
}

/** The first statement of a function's body after any docstring, as a place to insert before. */
export function bodyTop(src: Located['src'], fn: PyNode, ancestors: PyNode[]): Located & { fn: PyNode } {
  const body = list(fn, 'body');
  const index = body.length > 1 && isDocstring(body[0] as PyNode) ? 1 : 0;
  return { src, fn, at: { stmt: body[index] as PyNode, block: body, index, ancestors: [...ancestors, fn] } };
}

/** A test's function (from its test-start site, the `def` line) and its first statement after any
 *  docstring: where state a test needs, or a restore it must register, goes first. */
export async function locateTest(ctx: FixContext, test: string): Promise<(Located & { fn: PyNode }) | NoFix> {
  const site = testSite(attemptsByTest(ctx.runs).get(test) ?? []);
  if (!site) return { reason: `the runner gave no source line for ${test}` };
  const loc = await locate(ctx, site);
  if ('reason' in loc) return loc;
  const fn = loc.at.stmt;
  if (!isFunction(fn)) return { reason: `${site.file}:${site.line} is not the def of ${test}` };
  return bodyTop(loc.src, fn, loc.at.ancestors);
}

/** Where a test's own setup starts: its class's setUp when the class defines one (before the base
 *  classes' setUp and fixtures change anything), else the test's own first statement. */
export async function locateSetup(ctx: FixContext, test: string): Promise<(Located & { fn: PyNode }) | NoFix> {
  const top = await locateTest(ctx, test);
  if ('reason' in top) return top;
  const cls = top.at.ancestors[top.at.ancestors.length - 2];
  const setUp = cls?._t === 'ClassDef' ? list(cls, 'body').find((m) => isFunction(m) && m.name === 'setUp') : undefined;
  return setUp ? bodyTop(top.src, setUp, top.at.ancestors.slice(0, -1)) : top;
}
