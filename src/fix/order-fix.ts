// order-dependent, in the order iFixFlakies and iPFlakies try (each step checked by running tests in
// the scratch copy):
//   1. the polluter has a leak finding of its own: fix that leak;
//   2. a cleaner exists (a test that, run between polluter and victim, makes the victim pass): its
//      statements go at the top of the victim, minimised by delta debugging to those that matter;
//   3. otherwise the polluter's own assignments to module state get a cleanup restoring them,
//      minimised the same way;
//   state-setter (the victim passes only after another test): the setter's statements go at the top
//   of the victim, minimised, so it sets up its own state.
import type { Finding } from '../check/finding.js';
import { minimise } from '../repro/minimise.js';
import { attemptsByTest } from '../trace/outcomes.js';
import { dedupe, type Edit } from './edit.js';
import { locateTest } from './locate.js';
import type { FixContext, Located, Prober, Proposed, Proposal } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { boundName } from './imports.js';
import { dotted, field, list, walk } from './py-tree.js';
import { cleanupScope } from './scope.js';
import { insertBefore, isEdit } from './splice.js';
import type { SourceFile } from './source.js';

/** Leak kinds whose fix can be the polluter's. */
const LEAK_KINDS = new Set(['leaked-patch', 'env-pollution', 'leaked-thread', 'leaked-fd', 'leaked-child', 'unreleased-fixture']);
/** Tests tried as cleaners, same module first: each costs one run of polluter, cleaner and victim. */
export const MAX_CLEANER_TRIALS = 20;

/** State-setter candidates tried, nearest kin first: each costs a delta-debugging search over its statements. */
export const MAX_SETTER_TRIALS = 5;

/** Tests of the victim's class (or file) first, then of its module, then the rest; stable otherwise. */
function byKinship(tests: string[], victim: string): string[] {
  const parent = (id: string): string => id.replace(/(::|\.)[^.:]+$/, '');
  const rank = (t: string): number => (t.startsWith(`${parent(victim)}`) ? 0 : t.startsWith(parent(parent(victim))) ? 1 : 2);
  return tests.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map((x) => x.t);
}

const namesOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The statement's lines with its own indentation taken off (insertBefore adds the victim's); null
 *  when a multi-line string would change, or the statement shares its line with other code. */
function transplanted(src: SourceFile, stmt: PyNode): string[] | null {
  if (!src.startsLine(stmt) || [...walk(stmt)].some((x) => (x._t === 'Constant' || x._t === 'JoinedStr') && (x.el ?? 0) > (x.l ?? 0))) return null;
  const own = src.indentOf(stmt.l as number);
  const lines: string[] = [];
  for (let l = stmt.l as number; l <= (stmt.el as number); l++) {
    const text = src.line(l);
    lines.push(text.startsWith(own) ? text.slice(own.length) : text.trimStart());
  }
  return lines;
}

/** The statements of `donor`'s body (docstring left out) as lines to put at the top of `victim`. */
async function donorStatements(ctx: FixContext, donor: string): Promise<Array<{ lines: string[]; line: number }> | { reason: string }> {
  const d = await locateTest(ctx, donor);
  if ('reason' in d) return d;
  const out: Array<{ lines: string[]; line: number }> = [];
  for (const stmt of d.at.block.slice(d.at.index)) {
    const lines = transplanted(d.src, stmt);
    if (lines) out.push({ lines, line: stmt.l as number });
  }
  return out;
}

/** Delta debugging over statements: the smallest subset inserted at the top of the victim that still makes it pass. */
async function minimalInsertion(victimTop: Located, parts: Array<{ lines: string[] }>, passes: (edits: Edit[]) => Promise<boolean>): Promise<Edit[] | null> {
  const edit = (kept: ReadonlyArray<{ lines: string[] }>): Edit | null => {
    const e = insertBefore(victimTop.src, victimTop.at.stmt, kept.flatMap((p) => p.lines));
    return isEdit(e) ? e : null;
  };
  const ok = async (kept: ReadonlyArray<{ lines: string[] }>): Promise<boolean> => {
    const e = edit(kept);
    return e !== null && (await passes([e]));
  };
  if (parts.length === 0 || !(await ok(parts))) return null;
  const kept = await minimise(parts, ok);
  const e = edit(kept);
  return e ? [e] : null;
}

async function polluterLeakFix(f: Finding, ctx: FixContext, polluters: string[]): Promise<Proposal | null> {
  if (!ctx.proposeOther) return null;
  // A leak owned by the polluter, or by its class or module (setUpClass, setUpModule).
  const owns = (owner: string, test: string): boolean => test === owner || test.startsWith(`${owner}.`) || test.startsWith(`${owner}::`);
  const own = ctx.findings.filter((g) => LEAK_KINDS.has(g.kind) && g.test !== null && polluters.some((p) => owns(g.test as string, p)));
  const edits: Edit[] = [];
  const ids: string[] = [];
  for (const g of own) {
    const p = await ctx.proposeOther(g);
    if ('edits' in p) {
      edits.push(...p.edits);
      ids.push(g.id);
    }
  }
  return edits.length > 0 ? { edits: dedupe(edits), summary: `fixes the polluter's own leak (${ids.join(', ')}), which is what ${f.test} ran into` } : null;
}

async function findCleaner(ctx: FixContext, probe: Prober, polluters: string[], victim: string): Promise<string | null> {
  const others = [...attemptsByTest(ctx.runs).keys()].filter((t) => t !== victim && !polluters.includes(t));
  const ranked = byKinship(others, victim).slice(0, MAX_CLEANER_TRIALS);
  for (const t of ranked) if (await probe.passes([...polluters, t, victim], [], victim)) return t;
  return null;
}

/** `M.attr = v` in the polluter, for an imported module M: a cleanup that sets the attribute back. */
async function polluterRestores(ctx: FixContext, polluter: string): Promise<Array<{ edits: Edit[]; text: string }> | { reason: string }> {
  const p = await locateTest(ctx, polluter);
  if ('reason' in p) return p;
  const out: Array<{ edits: Edit[]; text: string }> = [];
  for (const stmt of [...walk(p.fn)].filter((n) => n._t === 'Assign')) {
    for (const t of list(stmt, 'targets')) {
      const base = dotted(field(t, 'value'));
      if (t._t !== 'Attribute' || base === null || boundName(p.src.tree, p.fn, base) === null) continue;
      const at = { ...p.at, stmt, ancestors: p.at.ancestors };
      const scope = cleanupScope({ src: p.src, at, owner: 'test', runner: ctx.runner });
      if ('reason' in scope) return scope;
      const r = scope.register('setattr', [base, JSON.stringify(String(t.attr)), `${base}.${String(t.attr)}`]);
      if ('reason' in r) return r;
      const before = insertBefore(p.src, stmt, [r.line]);
      if (isEdit(before)) out.push({ edits: [before, ...r.edits], text: `${base}.${String(t.attr)}` });
    }
  }
  return out;
}

async function viaPolluterRestore(ctx: FixContext, probe: Prober, polluters: string[], victim: string): Promise<Proposal | null> {
  const parts: Array<{ edits: Edit[]; text: string }> = [];
  for (const p of polluters) {
    const r = await polluterRestores(ctx, p);
    if (!('reason' in r)) parts.push(...r);
  }
  const passes = (kept: ReadonlyArray<{ edits: Edit[] }>): Promise<boolean> => probe.passes([...polluters, victim], dedupe(kept.flatMap((k) => k.edits)), victim);
  if (parts.length === 0 || !(await passes(parts))) return null;
  const kept = await minimise(parts, passes);
  return { edits: dedupe(kept.flatMap((k) => k.edits)), summary: `the polluter restores what it changed (${kept.map((k) => k.text).join(', ')}) in a cleanup` };
}

async function viaTransplant(ctx: FixContext, donor: string, victim: string, run: string[], passes: (edits: Edit[]) => Promise<boolean>, what: string): Promise<Proposed> {
  const top = await locateTest(ctx, victim);
  if ('reason' in top) return top;
  const parts = await donorStatements(ctx, donor);
  if ('reason' in parts) return parts;
  const edits = await minimalInsertion(top, parts, passes);
  if (!edits) return { reason: `${donor}'s statements at the top of ${victim} did not make it pass when running ${run.join(', ')}` };
  const lines = edits[0]?.text.split(/\r?\n/).filter((l) => l.trim() !== '').length ?? 0;
  return { edits, summary: `${what}: ${lines} line(s) of ${donor}, the ones delta debugging kept, at the top of ${victim}` };
}

export async function fixOrder(f: Finding, ctx: FixContext): Promise<Proposed> {
  const victim = f.test;
  if (victim === null) return { reason: 'the finding names no victim test' };
  const culprits = namesOf(f.evidence.candidates ?? f.evidence.polluter ?? f.evidence['state-setter']);
  if (culprits.length === 0) return { reason: 'the finding names no polluter or state-setter' };
  const probe = ctx.probe;
  if (f.evidence.role === 'state-setter') {
    if (!probe) return { reason: 'finding the state a victim needs takes trial runs, which were not available' };
    // Every test before the victim's passing runs is a candidate: its own class's first, the nearest first.
    const tried: string[] = [];
    for (const setter of byKinship(culprits.slice().reverse(), victim).slice(0, MAX_SETTER_TRIALS)) {
      const fixed = await viaTransplant(ctx, setter, victim, [victim], (edits) => probe.passes([victim], edits, victim), `the victim sets up its own state, as ${setter} does`);
      if ('edits' in fixed) return fixed;
      tried.push(setter);
    }
    return { reason: `the statements of none of ${tried.join(', ')} at the top of ${victim} made it pass alone` };
  }
  const own = await polluterLeakFix(f, ctx, culprits);
  if (own) return own;
  if (!probe) return { reason: 'the polluter has no leak finding of its own, and finding a cleaner takes trial runs, which were not available' };
  const cleaner = await findCleaner(ctx, probe, culprits, victim);
  if (cleaner) {
    const fixed = await viaTransplant(ctx, cleaner, victim, [...culprits, victim], (edits) => probe.passes([...culprits, victim], edits, victim), `cleaner ${cleaner} found`);
    if ('edits' in fixed) return fixed;
  }
  const restored = await viaPolluterRestore(ctx, probe, culprits, victim);
  if (restored) return restored;
  return { reason: `no leak finding of ${culprits.join(', ')}, no cleaner among ${Math.min(MAX_CLEANER_TRIALS, attemptsByTest(ctx.runs).size - 2)} tests tried, and restoring the polluter's module attributes did not make ${victim} pass` };
}
