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

/** A test's function (from its test-start site, the `def` line) and its first statement after any
 *  docstring: where state a test needs, or a restore it must register, goes first. */
export async function locateTest(ctx: FixContext, test: string): Promise<(Located & { fn: PyNode }) | NoFix> {
  const site = testSite(attemptsByTest(ctx.runs).get(test) ?? []);
  if (!site) return { reason: `the runner gave no source line for ${test}` };
  const loc = await locate(ctx, site);
  if ('reason' in loc) return loc;
  const fn = loc.at.stmt;
  if (!isFunction(fn)) return { reason: `${site.file}:${site.line} is not the def of ${test}` };
  const body = list(fn, 'body');
  const index = body.length > 1 && isDocstring(body[0] as PyNode) ? 1 : 0;
  return { src: loc.src, fn, at: { stmt: body[index] as PyNode, block: body, index, ancestors: [...loc.at.ancestors, fn] } };
}
