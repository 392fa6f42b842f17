// One process's events, in time order, folded into what the analyses need, so a trace of millions
// of events never sits in memory: every event that marks a boundary or can matter alone is kept
// (tests, scopes, fixtures, hangs, snapshots, resources, internal errors, patches that are not
// undone at once), while the high-volume ones are aggregated: sleeps per site, and a patch whose
// stop follows its start with nothing kept in between (it cannot outlive its owner) per site and
// target. Each test execution gets its outcome, sleeps per site and its event trail. Version 2
// traces arrive partly folded by the shim (sleep-fold, patch-fold): they add to the same aggregates.
import type { HeaderEvent, HangEvent, Outcome, PatchFoldEvent, PatchStartEvent, PatchStopEvent, Site, SleepEvent, SleepFoldEvent, TestStartEvent, TraceEvent } from './schema.js';
import { signature, Trail } from './trail.js';

/** An event tagged with the process it came from (ids such as patch "p7" are unique per process only). */
export type RunEvent = TraceEvent & { proc: number };

/** Where an event sits: time, process, then its rank in that process's time-ordered events. */
export interface Order {
  t: number;
  proc: number;
  n: number;
}

export const compareOrder = (a: Order, b: Order): number => a.t - b.t || a.proc - b.proc || a.n - b.n;

/** Folded sleeps and patch events each process keeps one by one for renderers that draw every event
 *  (the HTML timeline): a few thousand bars is all a page can show, and keeping them all would undo
 *  the folding. Small traces stay whole. */
export const DETAIL_CAP = 5000;

export interface SleepSite {
  site: Site;
  api: string;
  calls: number;
  totalMs: number;
  tests: Set<string>;
  /** The first call's place. */
  first: Order;
}

/** Patches at one site and target whose stop followed their start with nothing kept in between. */
export interface PatchGroup {
  start: PatchStartEvent & { proc: number };
  first: Order;
  /** The stop site of the first one, and the first stop site seen with the place of its start. */
  firstStopSite: Site | null;
  stopSite: { site: Site; at: Order } | null;
  count: number;
}

/** Sleep spans kept per site and execution: enough to see which sleeps of a test ran concurrently
 *  and in what order they ended (a poll loop's later calls add nothing to that), bounded so a loop of
 *  a million sleeps costs a few numbers. */
export const MAX_SPANS_PER_SITE = 8;

/** One sleep call's place in time: monotonic ns from its start to its end. */
export interface SleepSpan {
  start: number;
  end: number;
}

/** An execution's sleeps at one site: seconds slept and asked for, calls, and the first spans. */
export interface AttemptSleep {
  site: Site;
  actual: number;
  requested: number;
  calls: number;
  spans: SleepSpan[];
}

/** Adds one sleep event to the per-site sleeps of the execution that started at `startedAt` (ns). A
 *  sleep that began before it is left out: a thread of an earlier execution of the test (the same
 *  test id when it is repeated in one process) still sleeping when this one began. */
export function addAttemptSleep(sleeps: Map<string, AttemptSleep>, e: SleepEvent | SleepFoldEvent, startedAt: number): void {
  const folded = e.ev === 'sleep-fold';
  if ((folded ? e.first : e.t - e.actual * 1e9) < startedAt) return;
  const key = `${e.site.file}:${e.site.line}`;
  let s = sleeps.get(key);
  if (!s) sleeps.set(key, (s = { site: { ...siteOf(e.site), ...(e.site.function !== undefined ? { function: e.site.function } : {}) }, actual: 0, requested: 0, calls: 0, spans: [] }));
  s.actual += e.actual;
  s.requested += typeof e.requested === 'number' ? e.requested : 0;
  s.calls += folded ? e.calls : 1;
  // A fold's calls follow its site's first raw ones, which already filled the spans.
  if (!folded && s.spans.length < MAX_SPANS_PER_SITE) s.spans.push({ start: e.t - e.actual * 1e9, end: e.t });
}

export interface AttemptFold {
  proc: number;
  test: string;
  start: TestStartEvent;
  at: Order;
  outcome: Outcome | 'hang' | 'crashed';
  /** How many of its process's `tests` started before it (a count, not a copy: a process of n tests
   *  would otherwise hold n²/2 names). */
  beforeCount: number;
  /** Seconds, from the test-end (as written; undefined when it had none). */
  duration: number | null;
  ended: boolean;
  hang: (HangEvent & { proc: number }) | null;
  /** Sleeps per site key ("file:line"), in order of first sleep. */
  sleeps: Map<string, AttemptSleep>;
  trail: Trail;
}

export interface FoldedProcess {
  file: string;
  header: HeaderEvent;
  /** Events kept one by one, time-ordered, with their rank in `keptN`. */
  kept: RunEvent[];
  keptN: number[];
  attempts: AttemptFold[];
  /** Every test-start's test, in order. */
  tests: string[];
  sleeps: Map<string, SleepSite>;
  patches: Map<string, PatchGroup>;
  /** Up to DETAIL_CAP folded events, with their ranks. */
  detail: RunEvent[];
  detailN: number[];
  /** Every event folded (kept or aggregated), counting each folded by the shim as the events it stands for. */
  eventCount: number;
  /** Events aggregated rather than kept (sleeps, patch pairs and their mock calls). */
  aggregated: number;
}

interface Pending {
  start: RunEvent & PatchStartEvent;
  n: number;
  calls: Array<{ e: RunEvent; n: number }>;
  /** No earlier patch-start of this process had its id, so its stop and mock calls concern it alone. */
  fresh: boolean;
}

/** The shim numbers patches p1, p2... per process: an id above every one before it is new. */
const PATCH_ID = /^p(\d+)$/;

const siteOf = (s: Site): Site => ({ file: s.file, line: s.line });

/** The patch-start each pair of a patch-fold began with (its first one's time). */
function foldStart(e: PatchFoldEvent, id: string): PatchStartEvent {
  return {
    ev: 'patch-start', t: e.first, id, target: e.target, via: e.via, how: e.how, owner: e.owner, site: e.site,
    ...(e.keys ? { keys: e.keys } : {}), ...(e.test !== undefined ? { test: e.test } : {}), ...(e.tid !== undefined ? { tid: e.tid } : {}),
  };
}

export class ProcessFold {
  private readonly out: FoldedProcess;
  private open: AttemptFold | null = null;
  private readonly tail: Pending[] = [];
  private n = 0;
  /** Highest patch number started so far; an id not above it may be a repeat and is never folded. */
  private maxPatch = 0;

  /** `owned`: the events are the caller's to tag in place (freshly parsed), not copied. */
  constructor(readonly proc: number, file: string, header: HeaderEvent, private readonly owned = false, private readonly detailCap = DETAIL_CAP) {
    this.out = { file, header, kept: [], keptN: [], attempts: [], tests: [], sleeps: new Map(), patches: new Map(), detail: [], detailN: [], eventCount: 0, aggregated: 0 };
  }

  /** The next event in time order (ties in file order). */
  add(event: TraceEvent): void {
    const n = this.n++;
    let e: RunEvent;
    if (this.owned) (e = event as RunEvent).proc = this.proc;
    else e = { ...event, proc: this.proc } as RunEvent;
    this.attempt(e, n);
    switch (e.ev) {
      case 'sleep': this.sleep(e, n); return;
      case 'sleep-fold': this.sleepFold(e); return;
      case 'patch-fold': this.patchFold(e, n); return;
      case 'patch-start': this.tail.push({ start: e, n, calls: [], fresh: this.fresh(e.id) }); return;
      case 'mock-call': {
        const top = this.tail[this.tail.length - 1];
        if (top !== undefined && top.fresh && top.start.id === e.id) top.calls.push({ e, n });
        else this.keep(e, n);
        return;
      }
      case 'patch-stop': {
        const top = this.tail[this.tail.length - 1];
        if (top !== undefined && top.fresh && top.start.id === e.id) this.foldPatch(this.tail.pop() as Pending, e, n);
        else this.keep(e, n);
        return;
      }
      default: this.keep(e, n);
    }
  }

  finish(): FoldedProcess {
    this.flush();
    this.out.eventCount += this.n;
    return this.out;
  }

  private fresh(id: string): boolean {
    const m = PATCH_ID.exec(id);
    const num = m === null ? 0 : Number(m[1]);
    if (num <= this.maxPatch) return false;
    this.maxPatch = num;
    return true;
  }

  /** The same bookkeeping as one execution per test-start, each ended by the test-end of its test. */
  private attempt(e: RunEvent, n: number): void {
    if (e.ev === 'test-start') {
      const a: AttemptFold = {
        proc: this.proc, test: e.test, start: e, at: { t: e.t, proc: this.proc, n }, outcome: 'crashed', beforeCount: this.out.tests.length,
        duration: null, ended: false, hang: null, sleeps: new Map(), trail: new Trail(),
      };
      a.trail.push(signature(e));
      this.out.tests.push(e.test);
      this.open = a;
      this.out.attempts.push(a);
      return;
    }
    const a = this.open;
    if (a === null || e.test !== a.test) return;
    if (e.ev === 'sleep-fold') {
      // The trail of the calls it stands for: one sleep signature per call.
      const sig = signature({ ...e, ev: 'sleep', requested: 0 } as SleepEvent);
      for (let i = 0; i < e.calls; i++) a.trail.push(sig);
      addAttemptSleep(a.sleeps, e, a.at.t);
      return;
    }
    if (e.ev === 'patch-fold') {
      const start = signature(foldStart(e, ''));
      const stop = signature({ ev: 'patch-stop', t: e.t, id: '', how: e.stopHow, ...(e.stopSite ? { site: e.stopSite } : {}) });
      for (let i = 0; i < e.count; i++) {
        a.trail.push(start);
        a.trail.push(stop);
      }
      return;
    }
    a.trail.push(signature(e));
    if (e.ev === 'sleep') addAttemptSleep(a.sleeps, e, a.at.t);
    else if (e.ev === 'hang') {
      a.hang ??= e;
      a.outcome = 'hang';
    } else if (e.ev === 'test-end') {
      // A test interrupted by the hang limit ends with an error; it is counted as the hang it was.
      if (a.outcome !== 'hang') a.outcome = e.outcome;
      a.duration = e.duration;
      a.ended = true;
      this.open = null;
    }
  }

  private sleep(e: RunEvent & { ev: 'sleep' }, n: number): void {
    const key = `${e.site.file}:${e.site.line}\u0000${e.api}`;
    let s = this.out.sleeps.get(key);
    if (!s) this.out.sleeps.set(key, (s = { site: e.site, api: e.api, calls: 0, totalMs: 0, tests: new Set(), first: { t: e.t, proc: this.proc, n } }));
    s.calls += 1;
    this.out.aggregated += 1;
    s.totalMs += e.actual * 1000;
    if (typeof e.test === 'string') s.tests.add(e.test);
    this.detail(e, n);
  }

  private sleepFold(e: RunEvent & SleepFoldEvent): void {
    const key = `${e.site.file}:${e.site.line}\u0000${e.api}`;
    let s = this.out.sleeps.get(key);
    if (!s) this.out.sleeps.set(key, (s = { site: e.site, api: e.api, calls: 0, totalMs: 0, tests: new Set(), first: { t: e.first, proc: this.proc, n: this.n - 1 } }));
    s.calls += e.calls;
    this.out.aggregated += e.calls;
    this.out.eventCount += e.calls - 1;
    s.totalMs += e.actual * 1000;
    if (typeof e.test === 'string') s.tests.add(e.test);
  }

  /** Pairs the shim folded: added to their site and target's group, made from the fold when it is the first seen. */
  private patchFold(e: RunEvent & PatchFoldEvent, n: number): void {
    const key = `${e.site.file}:${e.site.line}\u0000${e.target}`;
    const at: Order = { t: e.first, proc: this.proc, n };
    let g = this.out.patches.get(key);
    if (!g) this.out.patches.set(key, (g = { start: { ...foldStart(e, `fold${n}`), proc: this.proc }, first: at, firstStopSite: e.stopSite ?? null, stopSite: null, count: 0 }));
    g.count += e.count;
    this.out.aggregated += 2 * e.count + e.calls;
    this.out.eventCount += 2 * e.count + e.calls - 1;
    if (g.stopSite === null && e.stopSite !== undefined) g.stopSite = { site: e.stopSite, at };
  }

  private foldPatch(p: Pending, stop: RunEvent & PatchStopEvent, n: number): void {
    const s = p.start;
    const key = `${s.site.file}:${s.site.line}\u0000${s.target}`;
    const at: Order = { t: s.t, proc: this.proc, n: p.n };
    let g = this.out.patches.get(key);
    if (!g) this.out.patches.set(key, (g = { start: s, first: at, firstStopSite: stop.site ?? null, stopSite: null, count: 0 }));
    g.count += 1;
    this.out.aggregated += 2 + p.calls.length;
    if (g.stopSite === null && stop.site !== undefined) g.stopSite = { site: stop.site, at };
    if (this.out.detail.length + p.calls.length + 2 <= this.detailCap) {
      this.detail(s, p.n);
      for (const c of p.calls) this.detail(c.e, c.n);
      this.detail(stop, n);
    }
  }

  private detail(e: RunEvent, n: number): void {
    if (this.out.detail.length >= this.detailCap) return;
    this.out.detail.push(e);
    this.out.detailN.push(n);
  }

  /** Patches still waiting for their stop are kept, in order, before anything kept after them. */
  private flush(): void {
    for (const p of this.tail) {
      this.push(p.start, p.n);
      for (const c of p.calls) this.push(c.e, c.n);
    }
    this.tail.length = 0;
  }

  private keep(e: RunEvent, n: number): void {
    this.flush();
    this.push(e, n);
  }

  private push(e: RunEvent, n: number): void {
    this.out.kept.push(e);
    this.out.keptN.push(n);
  }
}
