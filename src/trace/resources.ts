// Lives of the resources the shim's snapshots saw appear: when each opened, which scope owned it,
// when that scope ended, and whether it was still alive at the snapshot where a leak is judged: the
// first after that end, or for an open with a grace period (threads, children) the first taken at
// least graceMs after the end, or the process's exit snapshot (the shim waits out the grace there).
import type { ResourceCloseEvent, ResourceOpenEvent, SnapshotEvent, TestStartEvent } from './schema.js';
import type { IndexedRun, RunEvent } from './index.js';
import { at, firstAfter, indexAfter, indexEnds, ownerKey, type At } from './lifecycle.js';

export interface ResourceLife {
  open: At<ResourceOpenEvent>;
  /** First close of the same key after the open, or null when it lived to the end of the trace. */
  close: At<ResourceCloseEvent> | null;
  /** The event that ended the owner scope, or null when it never ended (session, killed process). */
  ownerEnd: At<RunEvent> | null;
  /** The first snapshot after both the open and the owner's end (and its grace period): where a leak is judged. */
  judgedAt: At<SnapshotEvent> | null;
  /** Alive at judgedAt: it outlived the scope that should have released it. */
  leaked: boolean;
  /** Tests (other than the creator) that started after the owner ended, while it was still alive. */
  laterTests: string[];
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

const NS_PER_MS = 1e6;

/**
 * Where a resource's leak is judged: the first snapshot of its process after `from` that is either the
 * exit snapshot or taken at least `graceMs` after the owner ended (t `endT`). A resource still alive
 * there outlived its grace period; one that closed before ended in time. Null when no snapshot qualifies.
 */
export function judgingSnapshot(events: RunEvent[], snapshots: number[] | undefined, from: number, endT: number, graceMs: number | undefined): number | null {
  if (!snapshots) return null;
  const due = endT + (graceMs ?? 0) * NS_PER_MS;
  for (let i = indexAfter(snapshots, from); i < snapshots.length; i++) {
    const pos = snapshots[i] as number;
    const snap = events[pos] as SnapshotEvent;
    if (graceMs === undefined || snap.at === 'exit' || snap.t >= due) return pos;
  }
  return null;
}

export function resourceLives(run: IndexedRun): ResourceLife[] {
  const { events } = run;
  const ends = indexEnds(events);
  const closes = positions(events, (e) => (e.ev === 'resource-close' ? `${e.proc}|${e.key}` : null));
  const snapshots = positions(events, (e) => (e.ev === 'snapshot' ? String(e.proc) : null));
  const starts = positions(events, (e) => (e.ev === 'test-start' ? String(e.proc) : null));
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
    const judgedPos = endPos === null ? null
      : judgingSnapshot(events, procSnapshots, Math.max(endPos, pos), (events[endPos] as RunEvent).t, e.graceMs);
    const leaked = judgedPos !== null && (closePos === null || closePos > judgedPos);
    const laterTests = new Set<string>();
    if (leaked && endPos !== null) {
      for (const p of starts.get(String(e.proc)) ?? []) {
        if (p <= endPos || (closePos !== null && p > closePos)) continue;
        const test = (events[p] as TestStartEvent).test;
        if (test !== e.test) laterTests.add(test);
      }
    }
    lives.push({
      open: { event: e, pos },
      close: at<ResourceCloseEvent>(events, closePos),
      ownerEnd: at<RunEvent>(events, endPos),
      judgedAt: at<SnapshotEvent>(events, judgedPos),
      leaked,
      laterTests: [...laterTests],
    });
  });
  return lives;
}
