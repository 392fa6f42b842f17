// What stops a thread, read from how it was made, when no teardown shows it (stopped-later.ts):
// a thread serving `server.serve_forever` stops on `server.shutdown()`; a thread handed an Event
// (`target=stop.wait`, `args=(stop,)`), or whose module-level target function waits on one, made by
// the test or its module, stops when it is set.
import type { CleanupCall } from './hold.js';
import type { PyNode } from './python-ast.js';
import { calleeName, dotted, field, isPure, list, walk } from './py-tree.js';

/** Names bound to `threading.Event()` by assignments in these scopes (the function, the module body). */
function events(scopes: PyNode[]): Set<string> {
  const out = new Set<string>();
  for (const scope of scopes) {
    for (const n of walk(scope)) {
      if (n._t !== 'Assign' || calleeName(field(n, 'value') ?? { _t: '' }) !== 'Event') continue;
      for (const t of list(n, 'targets')) if (dotted(t)) out.add(dotted(t) as string);
    }
  }
  return out;
}

/** The module-level function a thread runs (`target=_pump`), whose body says what it waits on. */
export function targetFunction(construction: PyNode | null, module: PyNode): PyNode | null {
  if (construction?._t !== 'Call') return null;
  const target = field(list(construction, 'keywords').find((k) => k.arg === 'target'), 'value');
  if (target?._t !== 'Name') return null;
  return list(module, 'body').find((n) => (n._t === 'FunctionDef' || n._t === 'AsyncFunctionDef') && n.name === target.id) ?? null;
}

export function stopperCalls(construction: PyNode | null, fn: PyNode | null, module: PyNode): Array<CleanupCall & { from: string }> {
  if (construction?._t !== 'Call') return [];
  const out: Array<CleanupCall & { from: string }> = [];
  const target = list(construction, 'keywords').find((k) => k.arg === 'target');
  const served = field(target, 'value');
  if (served?._t === 'Attribute' && served.attr === 'serve_forever' && isPure(field(served, 'value'))) {
    out.push({ fn: `${dotted(field(served, 'value'))}.shutdown`, from: 'serve_forever\'s own stop' });
  }
  const known = events([...(fn ? [fn] : []), { _t: 'Module', body: list(module, 'body') }]);
  const runs = targetFunction(construction, module);
  for (const n of [...walk(construction), ...(runs ? walk(runs) : [])]) {
    const d = dotted(n);
    if (d && known.has(d) && !out.some((c) => c.fn === `${d}.set`)) out.push({ fn: `${d}.set`, from: 'the Event it waits on' });
  }
  return out;
}
