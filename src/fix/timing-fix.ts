// timing-sensitive, decided by a sleep that waits for a thread the test started: the sleep becomes a
// wait for that thread, join(JOIN_TIMEOUT_S), which returns as soon as the thread is done; a thread
// that outlives its test (it has a leaked-thread finding) is waited for through the Event the test
// hands it instead. Anything else (a sleep waiting for a process, a clock, a server) has no
// mechanical fix.
import type { Finding } from '../check/finding.js';
import { isPlain } from '../trace/outcomes.js';
import type { Perturbation } from '../trace/schema.js';
import type { Edit } from './edit.js';
import { dropUnusedImports } from './imports.js';
import { holdHandle } from './hold.js';
import { locate } from './locate.js';
import type { FixContext, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { calleeName, dotted, enclosingFunction, field, isPure, list, statementAt, walk } from './py-tree.js';
import { JOIN_TIMEOUT_S } from './resource-fix.js';
import { isEdit, replaceStatement } from './splice.js';

interface Started {
  start: PyNode;
  handle: PyNode;
  /** The Thread(...) call it was made from, when the function shows it. */
  construction: PyNode | null;
}

const isThreadConstructor = (n: PyNode | null): boolean => n?._t === 'Call' && /Thread$|^Timer$/.test(calleeName(n) ?? '');

/** `x.start()` calls before `line` in the function, on threads the function made. */
function threadsStarted(fn: PyNode, line: number): Started[] {
  const assigned = new Map<string, PyNode>();
  const out: Started[] = [];
  const nodes = [...walk(fn)].filter((n) => (n.l ?? 0) < line).sort((a, b) => (a.l ?? 0) - (b.l ?? 0) || (a.c ?? 0) - (b.c ?? 0));
  for (const n of nodes) {
    if (n._t === 'Assign' && isThreadConstructor(field(n, 'value'))) for (const t of list(n, 'targets')) if (dotted(t)) assigned.set(dotted(t) as string, field(n, 'value') as PyNode);
    if (n._t !== 'Call' || calleeName(n) !== 'start' || field(n, 'func')?._t !== 'Attribute') continue;
    const handle = field(field(n, 'func'), 'value') as PyNode;
    const construction = isThreadConstructor(handle) ? handle : assigned.get(dotted(handle) ?? '') ?? null;
    if (construction) out.push({ start: n, handle, construction });
  }
  return out;
}

/** An Event the thread is handed (target=ev.wait, args=(ev,)...) that the function made itself. */
function eventOf(fn: PyNode, construction: PyNode | null): string | null {
  if (!construction) return null;
  const events = new Set<string>();
  for (const n of walk(fn)) {
    if (n._t === 'Assign' && calleeName(field(n, 'value') ?? { _t: '' }) === 'Event') for (const t of list(n, 'targets')) if (dotted(t)) events.add(dotted(t) as string);
  }
  for (const n of walk(construction)) {
    const d = dotted(n);
    if (d && events.has(d)) return d;
  }
  return null;
}

/** Sites of threads that outlived their test in a plain run (leaked-thread findings), as "file:line".
 *  A thread that outlived its test only where a sleep was scaled down is the race itself: the test
 *  stopped waiting for it, which is what the join fixes. */
function leakedThreadSites(ctx: FixContext): Set<string> {
  const plain = new Set(ctx.runs.filter((r) => isPlain((r.meta?.perturbation ?? r.processes[0]?.header.perturbation ?? {}) as Perturbation)).map((r) => r.index));
  const inPlain = (g: Finding): boolean => !Array.isArray(g.evidence.runs) || g.evidence.runs.some((i) => plain.has(i as number));
  return new Set(ctx.findings.filter((g) => g.kind === 'leaked-thread' && g.site && inPlain(g)).map((g) => `${g.site?.file}:${g.site?.line}`));
}

export async function fixTiming(f: Finding, ctx: FixContext): Promise<Proposed> {
  const sites = Array.isArray(f.evidence.sites) ? f.evidence.sites as Array<{ site?: { file?: string; line?: number }; outcomeDependsOnIt?: unknown }> : [];
  const deciding = sites.filter((s) => s.outcomeDependsOnIt === true && s.site?.file === f.site?.file && s.site?.line === f.site?.line);
  if (deciding.length === 0) return { reason: 'no single sleep decides the outcome: there is no sleep to replace with a wait' };
  const loc = await locate(ctx, f.site);
  if ('reason' in loc) return loc;
  const { src, at } = loc;
  const call = at.stmt._t === 'Expr' ? field(at.stmt, 'value') : null;
  if (call?._t !== 'Call' || calleeName(call) !== 'sleep' || (dotted(field(call, 'func')) ?? '').startsWith('asyncio')) {
    return { reason: `${src.display}:${at.stmt.l} is not a time.sleep(...) statement of the test's own` };
  }
  const fn = enclosingFunction(at.ancestors);
  if (!fn) return { reason: `the sleep at ${src.display}:${at.stmt.l} is not in a function` };
  const started = threadsStarted(fn, at.stmt.l as number);
  if (started.length === 0) return { reason: `the sleep at ${src.display}:${at.stmt.l} waits for nothing ${String(fn.name)} started itself (no Thread.start() before it)` };
  const leaked = leakedThreadSites(ctx);
  const edits: Edit[] = [];
  const waits: string[] = [];
  for (const s of started) {
    const outlives = leaked.has(`${src.display}:${s.start.l}`);
    if (outlives) {
      const ev = eventOf(fn, s.construction);
      if (!ev) return { reason: `the thread started at ${src.display}:${s.start.l} outlives the test, so it cannot be joined, and it is handed no Event to wait for` };
      waits.push(`${ev}.wait(${JOIN_TIMEOUT_S})`);
      continue;
    }
    const stmt = statementAt(src.tree, s.start.l as number);
    if (!stmt) return { reason: `cannot find the statement that starts the thread at ${src.display}:${s.start.l}` };
    const held = isPure(s.handle) ? { name: src.textOf(s.handle), edits: [] } : holdHandle({ src, at: stmt }, s.handle, 'thread');
    if ('reason' in held) return held;
    edits.push(...held.edits);
    waits.push(`${held.name}.join(${JOIN_TIMEOUT_S})`);
  }
  // The sleep's comment explained the fixed wait; it would now mislabel the join.
  const replaced = replaceStatement(src, at.stmt, waits, true);
  if (!isEdit(replaced)) return replaced;
  const root = dotted(field(call, 'func'))?.split('.')[0];
  const tidy = root ? dropUnusedImports(src, [...edits, replaced], [root]) : [];
  return { edits: [...edits, replaced, ...tidy], summary: `the sleep at ${src.display}:${at.stmt.l} becomes ${waits.join('; ')}: it waits for the work instead of a fixed time` };
}
