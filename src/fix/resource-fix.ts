// leaked-thread, leaked-fd, leaked-child: ended by a cleanup at the owner's scope, registered right
// after the statement that made them.
//   thread   what ended it later (stopped-later.ts), then join(JOIN_TIMEOUT_S); a Timer is cancelled;
//            an executor that submitted work is shut down
//   child    kill(), then wait(); a multiprocessing.Process: terminate(), then join()
//   fd       close() (os.close(fd) for a raw descriptor); a file or socket used only within its own
//            statement gets a with block instead
import type { Finding } from '../check/finding.js';
import { holdAndClean, moduleNames, type CleanupCall } from './hold.js';
import { probeOwnerHandles } from './owner-handles.js';
import { locate, ownerScopeOf } from './locate.js';
import { freshName } from './names.js';
import { moduleRef } from './imports.js';
import type { FixContext, Located, Proposed } from './proposal.js';
import type { PyNode } from './python-ast.js';
import { calleeName, callsCovering, dotted, enclosingFunction, enclosingMethod, field, isPure, list, walk } from './py-tree.js';
import { cleanupScope, type CleanupScope } from './scope.js';
import { isEdit, wrapInWith } from './splice.js';
import { endingCalls } from './stopped-later.js';
import { stopperCalls } from './thread-stoppers.js';

/** How long a cleanup waits for a thread or process: far past what a test's own work takes, short enough
 *  that one that never ends fails verification instead of hanging the suite. */
export const JOIN_TIMEOUT_S = 10;

/** Calls that return a descriptor-holding object; os-level ones return a bare int. */
const FILE_MAKERS = new Set(['open', 'socket', 'create_connection', 'create_server', 'socketpair', 'fdopen', 'TemporaryFile', 'NamedTemporaryFile', 'SpooledTemporaryFile', 'urlopen', 'make_server', 'TCPServer', 'UDPServer', 'HTTPServer', 'ThreadingHTTPServer', 'ThreadingTCPServer', 'ThreadingUDPServer', 'socket_pair', 'mkstemp']);
const RAW_FD_MAKERS = new Set(['os.open', 'os.dup', 'os.pipe', 'os.openpty', 'os.eventfd', 'os.memfd_create', 'tempfile.mkstemp', 'mkstemp']);
const CHILD_MAKERS = new Set(['Popen']);

/** The statement's single assignment target, when there is exactly one. */
function assignedTo(stmt: PyNode): PyNode | null {
  const targets = list(stmt, 'targets');
  return stmt._t === 'Assign' && targets.length === 1 ? (targets[0] as PyNode) : stmt._t === 'AnnAssign' ? field(stmt, 'target') : null;
}

/** The assignment in the function, before `line`, that bound `name`: what the handle was made from. */
function constructionOf(fn: PyNode | null, name: string, line: number): PyNode | null {
  if (!fn) return null;
  let found: PyNode | null = null;
  for (const n of walk(fn)) {
    if ((n.l ?? 0) >= line || n._t !== 'Assign') continue;
    if (list(n, 'targets').some((t) => dotted(t) === name)) found = field(n, 'value');
  }
  return found;
}

function scopeFor(f: Finding, loc: Located, ctx: FixContext): CleanupScope | { reason: string } {
  return cleanupScope({ src: loc.src, at: loc.at, owner: ownerScopeOf(f), runner: ctx.runner });
}

async function fixThread(f: Finding, loc: Located, ctx: FixContext, line: number): Promise<Proposed> {
  const calls = callsCovering(loc.at.stmt, line).filter((c) => field(c, 'func')?._t === 'Attribute');
  const start = calls.find((c) => calleeName(c) === 'start');
  const submit = calls.find((c) => ['submit', 'map'].includes(calleeName(c) ?? '') && isPure(field(field(c, 'func'), 'value')));
  const scope = scopeFor(f, loc, ctx);
  if ('reason' in scope) return scope;
  if (!start && submit) {
    const pool = field(field(submit, 'func'), 'value') as PyNode;
    return holdAndClean(loc, scope, pool, 'executor', (name) => [{ fn: `${name}.shutdown` }], ' after work is submitted, so its threads end with the test');
  }
  if (!start) return { reason: `no .start() call at ${f.site?.file}:${line}: the thread was started somewhere flakescope cannot hold a handle to` };
  const handle = field(field(start, 'func'), 'value') as PyNode;
  const fn = enclosingFunction(loc.at.ancestors);
  const construction = isPure(handle) ? constructionOf(fn, loc.src.textOf(handle), line) : handle;
  const method = enclosingMethod(loc.at.ancestors)?.method ?? null;
  const fromTeardowns = await endingCalls(f, construction, method, loc.src, ctx);
  const ending = fromTeardowns.length > 0 ? fromTeardowns : stopperCalls(construction, fn, loc.src.tree);
  const isTimer = construction !== null && calleeName(construction) === 'Timer';
  return holdAndClean(loc, scope, handle, 'thread', (name) => [
    ...(isTimer ? [{ fn: `${name}.cancel` }] : []),
    ...ending.map(({ fn, args }) => ({ fn, ...(args ? { args } : {}) })),
    { fn: `${name}.join`, args: [String(JOIN_TIMEOUT_S)] },
  ], `${ending.length > 0 ? ` (${ending.map((c) => `${c.fn}(): ${c.from}`).join(', ')})` : ''}: the thread ends with its ${ownerScopeOf(f)}`);
}

async function fixChild(f: Finding, loc: Located, ctx: FixContext, line: number): Promise<Proposed> {
  const scope = scopeFor(f, loc, ctx);
  if ('reason' in scope) return scope;
  const calls = callsCovering(loc.at.stmt, line);
  const popen = calls.find((c) => CHILD_MAKERS.has(calleeName(c) ?? ''));
  const started = calls.find((c) => calleeName(c) === 'start' && field(c, 'func')?._t === 'Attribute');
  if (popen) {
    const target = assignedTo(loc.at.stmt);
    const handle = target && field(loc.at.stmt, 'value') === popen && isPure(target) ? target : popen;
    return holdAndClean(loc, scope, handle, 'process', (name) => [{ fn: `${name}.kill` }, { fn: `${name}.wait` }],
      `: the child is killed and waited for when its ${ownerScopeOf(f)} ends`);
  }
  if (started) {
    const handle = field(field(started, 'func'), 'value') as PyNode;
    return holdAndClean(loc, scope, handle, 'process', (name) => [{ fn: `${name}.terminate` }, { fn: `${name}.join`, args: [String(JOIN_TIMEOUT_S)] }],
      `: the process ends with its ${ownerScopeOf(f)}`);
  }
  const target = assignedTo(loc.at.stmt);
  if (target && isPure(target)) {
    return holdAndClean(loc, scope, target, 'process', (name) => [{ fn: `${name}.kill` }, { fn: `${name}.wait` }],
      ': the process the statement returns is killed and waited for');
  }
  return { reason: `no Popen, Process.start() or assigned process at ${f.site?.file}:${line}` };
}

/** `open(p).read()` used within one statement: `with open(p) as f:` around it. */
function withAround(loc: Located, maker: PyNode): Proposed | null {
  const { src, at } = loc;
  if (at.stmt._t !== 'Expr' && at.stmt._t !== 'Assign') return null;
  const fn = enclosingFunction(at.ancestors) ?? src.tree;
  const name = freshName(calleeName(maker) === 'open' ? 'f' : 'handle', fn, moduleNames(src.tree));
  const s = src.span(at.stmt);
  const m = src.span(maker);
  const inner = src.text.slice(s.start, m.start) + name + src.text.slice(m.end, s.end);
  const spliced = wrapInWith(src, [at.stmt], `${src.textOf(maker)} as ${name}`, inner);
  if (!isEdit(spliced)) return spliced;
  return { edits: [spliced], summary: `a with block around the statement that uses it, so it is closed right after` };
}

async function fixFd(f: Finding, loc: Located, ctx: FixContext, line: number): Promise<Proposed> {
  const scope = scopeFor(f, loc, ctx);
  const calls = callsCovering(loc.at.stmt, line);
  const maker = calls.find((c) => FILE_MAKERS.has(calleeName(c) ?? '') || RAW_FD_MAKERS.has(dotted(field(c, 'func')) ?? ''));
  const target = assignedTo(loc.at.stmt);
  const direct = maker !== undefined && field(loc.at.stmt, 'value') === maker;
  const raw = maker !== undefined && RAW_FD_MAKERS.has(dotted(field(maker, 'func')) ?? '');
  if (maker && !direct && !raw) {
    const w = withAround(loc, maker);
    if (w) return w;
  }
  if ('reason' in scope) return scope;
  if (!target || !(direct || !maker)) return { reason: `no file, socket or descriptor assigned to a name at ${f.site?.file}:${line}` };
  if (raw) {
    const os = moduleRef(loc.src, enclosingFunction(loc.at.ancestors), 'os');
    // mkstemp gives (fd, path); os.pipe and openpty give two descriptors.
    const fds = target._t === 'Tuple' ? list(target, 'elts') : [target];
    const closing = dotted(field(maker as PyNode, 'func'))?.endsWith('mkstemp') ? fds.slice(0, 1) : fds;
    if (!closing.every(isPure)) return { reason: `the descriptors at ${f.site?.file}:${line} are not assigned to plain names` };
    const proposed = holdAndClean(loc, scope, closing[0] as PyNode, 'fd', () => closing.map((d) => ({ fn: `${os.name}.close`, args: [loc.src.textOf(d)] })),
      `: the descriptor(s) made at ${f.site?.file}:${line} are closed when the ${ownerScopeOf(f)} ends`);
    return 'edits' in proposed && os.edit ? { ...proposed, edits: [...proposed.edits, os.edit] } : proposed;
  }
  if (!isPure(target)) return { reason: `the file at ${f.site?.file}:${line} is not assigned to a name flakescope can close` };
  return holdAndClean(loc, scope, target, 'fd', (name) => [{ fn: `${name}.close` }], ` after it is opened: it is closed when its ${ownerScopeOf(f)} ends`);
}

async function directFix(f: Finding, ctx: FixContext): Promise<Proposed> {
  const loc = await locate(ctx, f.site);
  if ('reason' in loc) return loc;
  const line = f.site?.line as number;
  switch (f.kind) {
    case 'leaked-thread':
      return fixThread(f, loc, ctx, line);
    case 'leaked-child':
      return fixChild(f, loc, ctx, line);
    default:
      return fixFd(f, loc, ctx, line);
  }
}

/** What ends a resource of each kind, given only a handle the test keeps. */
const ENDING: Record<string, (h: string) => CleanupCall[]> = {
  'leaked-thread': (h) => [{ fn: `${h}.join`, args: [String(JOIN_TIMEOUT_S)] }],
  'leaked-child': (h) => [{ fn: `${h}.kill` }, { fn: `${h}.wait` }],
  'leaked-fd': (h) => [{ fn: `${h}.close` }],
};

export async function fixResource(f: Finding, ctx: FixContext): Promise<Proposed> {
  if (f.evidence.resource === 'greenthread') return { reason: 'greenthreads (eventlet, gevent) are not fixed mechanically: kill or wait them in a cleanup' };
  const direct = await directFix(f, ctx);
  if ('edits' in direct || ownerScopeOf(f) !== 'test') return direct;
  // Made where the test holds no handle flakescope can see: try the objects the test keeps.
  return probeOwnerHandles(f, ctx, ENDING[f.kind] ?? ENDING['leaked-fd'] as (h: string) => CleanupCall[], direct.reason);
}
