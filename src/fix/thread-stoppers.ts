// What stops a thread, read from how it was made, when no teardown shows it (stopped-later.ts):
// a thread serving `server.serve_forever` stops on `server.shutdown()`; a thread handed an Event
// (`target=stop.wait`, `args=(stop,)`) made by the test or its module stops when it is set.
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

export function stopperCalls(construction: PyNode | null, fn: PyNode | null, module: PyNode): Array<CleanupCall & { from: string }> {
  if (construction?._t !== 'Call') return [];
  const out: Array<CleanupCall & { from: string }> = [];
  const target = list(construction, 'keywords').find((k) => k.arg === 'target');
  const served = field(target, 'value');
  if (served?._t === 'Attribute' && served.attr === 'serve_forever' && isPure(field(served, 'value'))) {
    out.push({ fn: `${dotted(field(served, 'value'))}.shutdown`, from: 'serve_forever\'s own stop' });
  }
  const known = events([...(fn ? [fn] : []), { _t: 'Module', body: list(module, 'body') }]);
  for (const n of walk(construction)) {
    const d = dotted(n);
    if (d && known.has(d) && !out.some((c) => c.fn === `${d}.set`)) out.push({ fn: `${d}.set`, from: 'the Event it waits on' });
  }
  return out;
}
