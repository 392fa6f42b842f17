// Which env and state changes put a value back: the value the test or scope making the change
// started with, or one a scope around it (class, module, the process) started with. tearDownModule
// deleting the variable a test set, or a later test resetting a logger, restores; it pollutes nothing.
import type { ResourceOpenEvent, SnapshotEvent } from './schema.js';
import type { RunEvent } from './run-index.js';

interface Timeline {
  /** The value before the first change the trace shows. */
  initial: string;
  /** Positions of changes, ascending, and the value each set. */
  at: number[];
  values: string[];
}

function valueAt(line: Timeline, pos: number): string {
  let value = line.initial;
  for (let i = 0; i < line.at.length && (line.at[i] as number) <= pos; i++) value = line.values[i] as string;
  return value;
}

const STATE_KINDS = new Set(['env', 'state']);
const OPENS_SCOPE = new Set(['start', 'scope-start']);
const CLOSES_SCOPE = new Set(['end', 'scope-end']);

/** A predicate over (open, its position): true when the open restores a start value (computed in one pass). */
export function startValues(events: RunEvent[]): (e: ResourceOpenEvent, pos: number) => boolean {
  const restoring = new Set<number>();
  const stacks = new Map<number, Array<{ id: string | null; pos: number }>>();
  const lines = new Map<string, Timeline>();
  events.forEach((e, pos) => {
    if (e.ev === 'snapshot') {
      const snap = e as SnapshotEvent & { proc: number };
      let stack = stacks.get(e.proc);
      if (!stack) stacks.set(e.proc, (stack = []));
      if (OPENS_SCOPE.has(snap.at)) stack.push({ id: snap.id, pos });
      else if (CLOSES_SCOPE.has(snap.at)) {
        const i = stack.map((s) => s.id).lastIndexOf(snap.id);
        if (i >= 0) stack.splice(i);
      }
      return;
    }
    if (e.ev !== 'resource-open' || !STATE_KINDS.has(e.kind) || e.after === undefined) return;
    const name = `${e.proc}|${e.target}`;
    let line = lines.get(name);
    if (!line) lines.set(name, (line = { initial: e.before ?? '<unset>', at: [], values: [] }));
    const starts = [line.initial, ...(stacks.get(e.proc) ?? []).map((s) => valueAt(line as Timeline, s.pos))];
    if (starts.includes(e.after)) restoring.add(pos);
    line.at.push(pos);
    line.values.push(e.after);
  });
  return (_e, pos) => restoring.has(pos);
}
