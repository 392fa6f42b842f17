// What the shim saw, summarised for report.json: one entry per distinct site (and api/target/fixture).
import type { Finding } from '../check/finding.js';
import type { IndexedRun } from '../trace/index.js';
import { fixtureLives, patchLives } from '../trace/lifecycle.js';
import type { Owner, Site } from '../trace/schema.js';
import { judgeSleepSites, type SiteJudgement } from '../check/timing.js';
import type { FixtureSummary, PatchSummary, SleepSummary } from './model.js';

const siteKey = (site: Site, extra: string): string => `${site.file}:${site.line}\u0000${extra}`;
const bySite = <T extends { site: Site }>(a: T, b: T): number => a.site.file.localeCompare(b.site.file) || a.site.line - b.site.line;

/** The test an owner belongs to: the owner itself for a test, else the test running when it started (if any). */
function testOf(owner: Owner, running: string | null | undefined): string | null {
  return owner.scope === 'test' ? owner.id : (running ?? null);
}

export function summariseSleeps(runs: IndexedRun[]): SleepSummary[] {
  const out = new Map<string, SleepSummary & { tests: string[] }>();
  for (const run of runs) {
    for (const e of run.events) {
      if (e.ev !== 'sleep') continue;
      const key = siteKey(e.site, e.api);
      let s = out.get(key);
      if (!s) out.set(key, (s = { site: e.site, api: e.api, calls: 0, totalMs: 0, outcomeDependsOnIt: null, tests: [] }));
      s.calls += 1;
      s.totalMs += e.actual * 1000;
      if (typeof e.test === 'string' && !s.tests.includes(e.test)) s.tests.push(e.test);
    }
  }
  const judged = judgeSleepSites(runs);
  return [...out.values()]
    .map((s) => ({ ...s, ...judgementFor(judged, s.site), totalMs: Math.round(s.totalMs * 1000) / 1000, tests: s.tests.sort() }))
    .sort((a, b) => bySite(a, b) || a.api.localeCompare(b.api));
}

/** A site decides when it decides any test's outcome; it is cleared when scaled without effect. Its
 *  share is of the time of the test it weighs most on. */
function judgementFor(judged: SiteJudgement[], site: Site): Pick<SleepSummary, 'outcomeDependsOnIt' | 'shareOfTestTime' | 'secondsPerRun'> {
  const mine = judged.filter((j) => j.site.file === site.file && j.site.line === site.line);
  const depends = mine.some((j) => j.outcomeDependsOnIt === true) ? true : mine.some((j) => j.outcomeDependsOnIt === false) ? false : null;
  const heaviest = mine.reduce<SiteJudgement | null>((m, j) => ((j.share ?? -1) > (m?.share ?? -1) ? j : m), null);
  return { outcomeDependsOnIt: depends, shareOfTestTime: heaviest?.share ?? null, secondsPerRun: heaviest?.secondsPerRun ?? 0 };
}

export function summarisePatches(runs: IndexedRun[], findings: Finding[]): PatchSummary[] {
  const leaked = new Set(findings.filter((f) => f.kind === 'leaked-patch' && f.site).map((f) => siteKey(f.site as Site, f.target ?? '')));
  const out = new Map<string, PatchSummary>();
  for (const run of runs) {
    for (const life of patchLives(run)) {
      const p = life.start.event;
      const key = siteKey(p.site, p.target);
      const existing = out.get(key);
      if (existing) {
        existing.count += 1;
        existing.stopSite ??= life.stop?.event.site ?? null;
        continue;
      }
      out.set(key, {
        target: p.target,
        via: p.via,
        test: testOf(p.owner, p.test),
        site: p.site,
        stopSite: life.stop?.event.site ?? null,
        leaked: leaked.has(key),
        count: 1,
      });
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
