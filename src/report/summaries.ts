// What the shim saw, summarised for report.json: one entry per distinct site (and api/target/fixture).
import type { Finding } from '../check/finding.js';
import { compareOrder, type Order, type SleepSite } from '../trace/fold.js';
import type { IndexedRun } from '../trace/run-index.js';
import { fixtureLives, patchLives } from '../trace/lifecycle.js';
import type { Owner, PatchStartEvent, Site } from '../trace/schema.js';
import type { SleepVerdictOf } from '../check/sleep-verdicts.js';
import type { FixtureSummary, PatchSummary, SleepSummary } from './model.js';

const siteKey = (site: Site, extra: string): string => `${site.file}:${site.line}\u0000${extra}`;
/** localeCompare's own order (the spec defines it as this collator's), without the collator it builds per call:
 *  a few µs each, thousands of calls when a suite patches in hundreds of places. */
const collator = new Intl.Collator();
/** Most neighbours share a file: equal text needs no collation. */
const byFile = (a: string, b: string): number => (a === b ? 0 : collator.compare(a, b));
const bySite = <T extends { site: Site }>(a: T, b: T): number => byFile(a.site.file, b.site.file) || a.site.line - b.site.line;

/** The test an owner belongs to: the owner itself for a test, else the test running when it started (if any). */
function testOf(owner: Owner, running: string | null | undefined): string | null {
  return owner.scope === 'test' ? owner.id : (running ?? null);
}

/** `verdictOf` gives each site's judgement, decided in check/sleep-verdicts.ts. */
export function summariseSleeps(runs: IndexedRun[], verdictOf: SleepVerdictOf): SleepSummary[] {
  const out = new Map<string, Omit<SleepSummary, 'tests'> & { tests: Set<string> }>();
  for (const run of runs) {
    // The site as the first call at it wrote it: the earliest in the first run that slept there.
    const firsts = new Map<string, SleepSite>();
    for (const fold of run.folds) {
      for (const [key, f] of fold.sleeps) {
        const first = firsts.get(key);
        if (first === undefined || compareOrder(f.first, first.first) < 0) firsts.set(key, f);
      }
    }
    for (const [key, f] of firsts) if (!out.has(key)) out.set(key, { site: f.site, api: f.api, calls: 0, totalMs: 0, outcomeDependsOnIt: null, tests: new Set() });
    for (const fold of run.folds) {
      for (const [key, f] of fold.sleeps) {
        const s = out.get(key) as Omit<SleepSummary, 'tests'> & { tests: Set<string> };
        s.calls += f.calls;
        s.totalMs += f.totalMs;
        for (const t of f.tests) s.tests.add(t);
      }
    }
  }
  return [...out.values()]
    .map((s) => ({ ...s, ...verdictOf(s.site), totalMs: Math.round(s.totalMs * 1000) / 1000, tests: [...s.tests].sort() }))
    .sort((a, b) => bySite(a, b) || collator.compare(a.api, b.api));
}

/** One patch summary contribution: a patch life kept one by one, or a folded group (its first
 *  member, and the place where a stop site was first seen). */
interface PatchEntry {
  at: Order;
  start: PatchStartEvent;
  count: number;
  stopSite: Site | null;
}

function patchEntries(run: IndexedRun): PatchEntry[] {
  const entries: PatchEntry[] = patchLives(run).map((life) => ({
    at: run.order[life.start.pos] as Order, start: life.start.event, count: 1, stopSite: life.stop?.event.site ?? null,
  }));
  for (const fold of run.folds) {
    for (const g of fold.patches.values()) {
      entries.push({ at: g.first, start: g.start, count: g.count, stopSite: g.firstStopSite });
      if (g.stopSite !== null && compareOrder(g.stopSite.at, g.first) > 0) entries.push({ at: g.stopSite.at, start: g.start, count: 0, stopSite: g.stopSite.site });
    }
  }
  return entries.sort((a, b) => compareOrder(a.at, b.at));
}

export function summarisePatches(runs: IndexedRun[], findings: Finding[]): PatchSummary[] {
  const leaked = new Set(findings.filter((f) => f.kind === 'leaked-patch' && f.site).map((f) => siteKey(f.site as Site, f.target ?? '')));
  const out = new Map<string, PatchSummary>();
  for (const run of runs) {
    for (const { start: p, count, stopSite } of patchEntries(run)) {
      const key = siteKey(p.site, p.target);
      const existing = out.get(key);
      if (existing) {
        existing.count += count;
        existing.stopSite ??= stopSite;
        continue;
      }
      out.set(key, { target: p.target, via: p.via, test: testOf(p.owner, p.test), site: p.site, stopSite, leaked: leaked.has(key), count });
    }
  }
  return [...out.values()].sort(bySite);
}

export function summariseFixtures(runs: IndexedRun[]): FixtureSummary[] {
  const out = new Map<string, FixtureSummary>();
  for (const run of runs) {
    for (const life of fixtureLives(run)) {
      const f = life.setup.event;
      // Released means cleaned up, and the cleanup itself did not fail.
      const released = life.cleanup !== null && life.cleanup.event.error === undefined;
      const key = siteKey(f.site, f.fixture);
      const existing = out.get(key);
      if (existing) {
        existing.count += 1;
        existing.released &&= released;
        continue;
      }
      out.set(key, { fixture: f.fixture, scope: f.scope, test: testOf(f.owner, f.test), site: f.site, released, count: 1 });
    }
  }
  return [...out.values()].sort(bySite);
}
