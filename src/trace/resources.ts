// Lives of the resources the shim's snapshots saw appear: when each opened, which scope owned it,
// when that scope ended, whether it was still alive at the snapshot where a leak is judged, and
// where it was finally stopped.
//
// A leak is judged at the first snapshot after the owner's end. A thread or child the shim reported
// alive at that end (graceMs) is judged at the next boundary instead: the next test's or scope's
// start, or the start of a scope's teardown (`scope-teardown`), or the exit snapshot (the shim waits
// out the grace there). So the grace excuses only what ended by itself before anything else ran;
// one stopped by a later tearDownClass, tearDownModule or wider fixture is a leak, stopped there.
// An env or state change that puts back the value its owner (or a scope around it) started with is
// a restore, not a leak.
import type { ResourceCloseEvent, ResourceOpenEvent, SnapshotEvent, TestStartEvent } from './schema.js';
import type { IndexedRun, RunEvent } from './run-index.js';
import { at, firstAfter, indexAfter, indexEnds, ownerKey, type At } from './lifecycle.js';
import { startValues } from './state-values.js';

export interface ResourceLife {
  open: At<ResourceOpenEvent>;
  /** First close of the same key after the open, or null when it lived to the end of the trace. */
  close: At<ResourceCloseEvent> | null;
  /** The event that ended the owner scope, or null when it never ended (session, killed process). */
  ownerEnd: At<RunEvent> | null;
  /** The snapshot where the leak is judged (see above), or null when none came. */
  judgedAt: At<SnapshotEvent> | null;
  /** Alive at judgedAt: it outlived the scope that should have released it. */
  leaked: boolean;
  /** Tests (other than the creator) that started after the owner ended, while it was still alive. */
  laterTests: string[];
  /** The snapshot that first saw it gone: where it was finally stopped (null: alive to the end). */
  stoppedAt: At<SnapshotEvent> | null;
}

function lastAtOrBefore(list: number[] | undefined, pos: number): number | null {
  if (!list) return null;
  let found: number | null = null;
  for (const p of list) {
    if (p > pos) break;
    found = p;
  }
  return found;
}

function positions(events: RunEvent[], keep: (e: RunEvent) => string | null): Map<string, number[]> {
  const out = new Map<string, number[]>();
  events.forEach((e, pos) => {
    const key = keep(e);
    if (key === null) return;
    const list = out.get(key);
    if (list) list.push(pos);
    else out.set(key, [pos]);
  });
  return out;
}

/**
 * Where a resource's leak is judged: the first snapshot of its process after `from`; for one the shim
 * reported alive at its owner's end with a grace period (`graced`), the one after that, unless the
 * report came at exit (nothing comes later). Null when no snapshot qualifies.
 */
export function judgingSnapshot(events: RunEvent[], snapshots: number[] | undefined, from: number, graced: boolean): number | null {
  if (!snapshots) return null;
  const i = indexAfter(snapshots, from);
  const first = snapshots[i];
  if (first === undefined) return null;
  if (!graced || (events[first] as SnapshotEvent).at === 'exit') return first;
  return snapshots[i + 1] ?? null;
}

const STATE_KINDS = new Set(['env', 'state']);

export function resourceLives(run: IndexedRun): ResourceLife[] {
  const { events } = run;
  const ends = indexEnds(events);
  const closes = positions(events, (e) => (e.ev === 'resource-close' ? `${e.proc}|${e.key}` : null));
  const snapshots = positions(events, (e) => (e.ev === 'snapshot' ? String(e.proc) : null));
  const starts = positions(events, (e) => (e.ev === 'test-start' ? String(e.proc) : null));
  const restores = startValues(events);
  const lives: ResourceLife[] = [];
  events.forEach((e, pos) => {
    if (e.ev !== 'resource-open') return;
    const procSnapshots = snapshots.get(String(e.proc));
    // It appeared after the previous snapshot: its owner was alive then, so look for the end from there;
    // an owner that had already ended (a worker thread outliving its test) ended before the open.
    const since = lastAtOrBefore(procSnapshots, pos) ?? -1;
    const key = ownerKey(e.proc, e.owner);
    const endPos = key === null ? null : (firstAfter(ends, key, since) ?? lastAtOrBefore(ends.get(key), pos));
    const closePos = firstAfter(closes, `${e.proc}|${e.key}`, pos);
    const judgedPos = endPos === null ? null : judgingSnapshot(events, procSnapshots, Math.max(endPos, pos), e.graceMs !== undefined);
    const restored = STATE_KINDS.has(e.kind) && restores(e, pos);
    const leaked = judgedPos !== null && (closePos === null || closePos > judgedPos) && !restored;
    const laterTests = new Set<string>();
    if (leaked && endPos !== null) {
      for (const p of starts.get(String(e.proc)) ?? []) {
        if (p <= endPos || (closePos !== null && p > closePos)) continue;
        const test = (events[p] as TestStartEvent).test;
        if (test !== e.test) laterTests.add(test);
      }
    }
    const stoppedPos = closePos === null || !procSnapshots ? null : (procSnapshots[indexAfter(procSnapshots, closePos)] ?? null);
    lives.push({
      open: { event: e, pos },
      close: at<ResourceCloseEvent>(events, closePos),
      ownerEnd: at<RunEvent>(events, endPos),
      judgedAt: at<SnapshotEvent>(events, judgedPos),
      leaked,
      laterTests: [...laterTests],
      stoppedAt: at<SnapshotEvent>(events, stoppedPos),
    });
  });
  return lives;
}
