// Per-test timelines of one run, for the HTML report: the test span, and per thread (tid) the
// sleeps, patch lifetimes and fixture lifetimes that happened while the test ran. Pure.
//
// Times are monotonic ns as written by the shim. A sleep event is written when the sleep returns
// (it carries the `actual` duration), so its span is [t - actual, t].
import type { Outcome, Owner, Site, TraceEvent } from '../trace/schema.js';

export interface Span {
  start: number;
  /** null: never ended in this run (open-ended). */
  end: number | null;
}

export interface SleepItem extends Span { kind: 'sleep'; api: string; requested: number; actual: number; site: Site }
export interface PatchItem extends Span {
  kind: 'patch'; target: string; via: string; site: Site; owner: Owner;
  /** Outlived its owner (ended after it, or never). */
  leaked: boolean;
}
export interface FixtureItem extends Span {
  kind: 'fixture'; fixture: string; scope: string; site: Site; owner: Owner; error?: string;
  released: boolean;
}
export type TimelineItem = SleepItem | PatchItem | FixtureItem;

export interface Lane {
  /** Thread ident, or null when the shim did not record one. */
  tid: number | null;
  items: TimelineItem[];
}

export interface TestTimeline {
  test: string;
  tid: number | null;
  start: number;
  end: number | null;
  outcome: Outcome | null;
  message?: string;
  lanes: Lane[];
}

/** Events of several processes share ids like "p7"; a reader that tags events with their pid
 *  keeps them apart, and without one the latest start with that id wins. */
function key(e: TraceEvent & { id: string }): string {
  const pid = (e as { pid?: unknown }).pid;
  return typeof pid === 'number' ? `${pid}:${e.id}` : e.id;
}

/** When an owner's scope ended (null: never in this run; session scopes never end). */
function ownerEnd(owner: Owner, tests: Map<string, TestTimeline>, scopeEnds: Map<string, number>, fixtureEnds: Map<string, number>): number | null {
  if (owner.scope === 'test') return tests.get(owner.id)?.end ?? null;
  if (owner.scope === 'fixture') return fixtureEnds.get(owner.id) ?? null;
  if (owner.scope === 'session') return Number.POSITIVE_INFINITY;
  return scopeEnds.get(`${owner.scope}:${owner.id}`) ?? null;
}

export function buildTimelines(events: readonly TraceEvent[]): TestTimeline[] {
  const timelines: TestTimeline[] = [];
  const current = new Map<string, TestTimeline>();
  const items: Array<{ test: string; tid: number | null; item: TimelineItem }> = [];
  const open = new Map<string, PatchItem | FixtureItem>();
  const scopeEnds = new Map<string, number>();
  const fixtureEnds = new Map<string, number>();

  const place = (test: string | null | undefined, tid: number | undefined, item: TimelineItem): void => {
    if (test) items.push({ test, tid: tid ?? null, item });
  };

  for (const e of events) {
    switch (e.ev) {
      case 'test-start': {
        const tl: TestTimeline = { test: e.test, tid: e.tid ?? null, start: e.t, end: null, outcome: null, lanes: [] };
        timelines.push(tl);
        current.set(e.test, tl);
        break;
      }
      case 'test-end': {
        const tl = current.get(e.test);
        if (!tl) break;
        tl.end = e.t;
        tl.outcome = e.outcome;
        if (e.message !== undefined) tl.message = e.message;
        break;
      }
      case 'scope-end':
        scopeEnds.set(`${e.scope}:${e.id}`, e.t);
        break;
      case 'sleep':
        place(e.test, e.tid, { kind: 'sleep', start: e.t - e.actual * 1e9, end: e.t, api: e.api, requested: e.requested, actual: e.actual, site: e.site });
        break;
      case 'patch-start': {
        const item: PatchItem = { kind: 'patch', start: e.t, end: null, target: e.target, via: e.via, site: e.site, owner: e.owner, leaked: false };
        open.set(`patch:${key(e)}`, item);
        place(e.test, e.tid, item);
        break;
      }
      case 'patch-stop': {
        const item = open.get(`patch:${key(e)}`);
        if (item) item.end = e.t;
        open.delete(`patch:${key(e)}`);
        break;
      }
      case 'fixture-setup': {
        const item: FixtureItem = { kind: 'fixture', start: e.t, end: null, fixture: e.fixture, scope: e.scope, site: e.site, owner: e.owner, released: false };
        open.set(`fixture:${key(e)}`, item);
        place(e.test, e.tid, item);
        break;
      }
      case 'fixture-cleanup': {
        const item = open.get(`fixture:${key(e)}`);
        if (item && item.kind === 'fixture') {
          item.end = e.t;
          if (e.error !== undefined) item.error = e.error;
          fixtureEnds.set(e.id, e.t);
        }
        open.delete(`fixture:${key(e)}`);
        break;
      }
      default:
        break;
    }
  }

  const byTest = new Map(timelines.map((tl) => [tl.test, tl]));
  for (const { item } of items) {
    if (item.kind === 'sleep') continue;
    const limit = ownerEnd(item.owner, byTest, scopeEnds, fixtureEnds);
    const outlived = item.end === null || (limit !== null && item.end > limit);
    if (item.kind === 'patch') item.leaked = outlived;
    else item.released = !outlived && item.error === undefined;
  }

  // An item belongs to the latest run of its test that had started by then.
  for (const { test, tid, item } of items) {
    const tl = [...timelines].reverse().find((x) => x.test === test && x.start <= item.start)
      ?? timelines.find((x) => x.test === test);
    if (!tl) continue;
    const laneTid = tid ?? tl.tid;
    let lane = tl.lanes.find((l) => l.tid === laneTid);
    if (!lane) tl.lanes.push((lane = { tid: laneTid, items: [] }));
    lane.items.push(item);
  }
  for (const tl of timelines) {
    if (!tl.lanes.some((l) => l.tid === tl.tid)) tl.lanes.unshift({ tid: tl.tid, items: [] });
    tl.lanes.sort((a, b) => (a.tid === tl.tid ? -1 : b.tid === tl.tid ? 1 : 0));
  }
  return timelines;
}
