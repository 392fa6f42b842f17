// Pairs starts with their ends inside one process of a run: patch-start/patch-stop, fixture-setup/
// fixture-cleanup, and the end of the scope that owns each. Positions are indexes into the run's
// merged stream, so "before" means before in time (ties in file order).
import type { Owner, PatchStartEvent, PatchStopEvent, FixtureSetupEvent, FixtureCleanupEvent } from './schema.js';
import type { IndexedRun, RunEvent } from './run-index.js';

export interface At<E> {
  event: E & { proc: number };
  pos: number;
}

export interface PatchLife {
  start: At<PatchStartEvent>;
  /** First patch-stop of this id after the start, or null when it was never stopped. */
  stop: At<PatchStopEvent> | null;
  /** The event that ended the owner scope (test-end, scope-end, fixture-cleanup), or null if it never ended. */
  ownerEnd: At<RunEvent> | null;
}

export interface FixtureLife {
  setup: At<FixtureSetupEvent>;
  cleanup: At<FixtureCleanupEvent> | null;
}

/** The key under which an event ends a scope or a patch/fixture, per process; null when it ends nothing. */
function endKeys(e: RunEvent): string[] {
  switch (e.ev) {
    case 'test-end': return [`${e.proc}|owner|test|${e.test}`];
    case 'scope-end': return [`${e.proc}|owner|${e.scope}|${e.id}`];
    case 'fixture-cleanup': return [`${e.proc}|owner|fixture|${e.id}`, `${e.proc}|fixture|${e.id}`];
    case 'patch-stop': return [`${e.proc}|patch|${e.id}`];
    default: return [];
  }
}

const endsCache = new WeakMap<RunEvent[], Map<string, number[]>>();

/** Positions of every ending event by key, ascending, so "first end after the start" is a binary search.
 *  Built once per run's stream: patches, fixtures and resources all pair their starts against it. */
export function indexEnds(events: RunEvent[]): Map<string, number[]> {
  const cached = endsCache.get(events);
  if (cached) return cached;
  const ends = new Map<string, number[]>();
  endsCache.set(events, ends);
  events.forEach((e, pos) => {
    for (const key of endKeys(e)) {
      const list = ends.get(key);
      if (list) list.push(pos);
      else ends.set(key, [pos]);
    }
  });
  return ends;
}

/** Index of the first position in ascending `sorted` that is greater than `from` (binary search). */
export function indexAfter(sorted: readonly number[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function firstAfter(ends: Map<string, number[]>, key: string, from: number): number | null {
  const list = ends.get(key);
  return list ? (list[indexAfter(list, from)] ?? null) : null;
}

export function at<E>(events: RunEvent[], pos: number | null): At<E> | null {
  return pos === null ? null : { event: events[pos] as unknown as E & { proc: number }, pos };
}

export function ownerKey(proc: number, owner: Owner): string | null {
  // A session-owned patch lives as long as the process: nothing ends its owner.
  return owner.scope === 'session' ? null : `${proc}|owner|${owner.scope}|${owner.id}`;
}

export function patchLives(run: IndexedRun): PatchLife[] {
  const ends = indexEnds(run.events);
  const lives: PatchLife[] = [];
  run.events.forEach((e, pos) => {
    if (e.ev !== 'patch-start') return;
    const key = ownerKey(e.proc, e.owner);
    lives.push({
      start: { event: e, pos },
      stop: at<PatchStopEvent>(run.events, firstAfter(ends, `${e.proc}|patch|${e.id}`, pos)),
      ownerEnd: key === null ? null : at<RunEvent>(run.events, firstAfter(ends, key, pos)),
    });
  });
  return lives;
}

export function fixtureLives(run: IndexedRun): FixtureLife[] {
  const ends = indexEnds(run.events);
  const lives: FixtureLife[] = [];
  run.events.forEach((e, pos) => {
    if (e.ev !== 'fixture-setup') return;
    lives.push({ setup: { event: e, pos }, cleanup: at<FixtureCleanupEvent>(run.events, firstAfter(ends, `${e.proc}|fixture|${e.id}`, pos)) });
  });
  return lives;
}
