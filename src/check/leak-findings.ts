// Shared by resource-leak and env-pollution: turn resource lives that outlived their owner scope
// into findings. Identical leaks are one finding with a count: same kind, suite site and stable
// target (the 20 threads of a pool; a Pool's pipes made at several multiprocessing lines; the same
// setUp line leaking in every test). Each says
// who made it, its pattern and the severity that follows (ownership.ts), where it was finally
// stopped, and which later tests ran while it was alive.
import type { Finding, FindingKind } from './finding.js';
import { findingId } from './finding-id.js';
import { ownershipOf, siteText, type Ownership } from './ownership.js';
import { severityOf, type CheckOptions } from './options.js';
import { stableTarget } from './stable-target.js';
import { shortTestName } from './test-name.js';
import type { IndexedRun, RunEvent } from '../trace/run-index.js';
import { conditionLabel } from '../trace/condition.js';
import { isPlain } from '../trace/outcomes.js';
import { resourceLives, type ResourceLife } from '../trace/resources.js';
import type { Perturbation, Site, SnapshotEvent, TestStartEvent } from '../trace/schema.js';

const NS_PER_MS = 1e6;

export interface LeakRule {
  /** The finding kind for a resource kind, or null when this analysis does not handle it. */
  findingKind(resourceKind: string): FindingKind | null;
  /** A change another analysis already reports (e.g. a leaked patch.dict(os.environ)): not reported twice. */
  coveredElsewhere?(life: ResourceLife, run: IndexedRun): boolean;
  /** A few words for the terminal: `thread "poller" still running after its test`. */
  summarise(life: ResourceLife, target: string): string;
  /** One sentence for people (JSON, HTML, --verbose). */
  describe(life: ResourceLife, ownerText: string): string;
}

interface Leak {
  life: ResourceLife;
  run: IndexedRun;
  kind: FindingKind;
  target: string;
  /** The test or scope definition standing in for an unseen creating call, or null. */
  fallbackSite: Site | null;
}

export function ownerText(life: ResourceLife): string {
  const o = life.open.event.owner;
  return o.scope === 'test' ? `test ${shortTestName(o.id)}` : `${o.scope} ${o.id}`;
}

function groupKey(leak: Leak): string {
  const e = leak.life.open.event;
  const site = e.site ?? leak.fallbackSite;
  const where = site ? siteText(site) : '';
  return [leak.kind, where, leak.target].join('\u0000');
}

/** Per run: "proc|test id" -> the test's definition, in the order tests first started. */
const testSites = new WeakMap<IndexedRun, Map<string, Site>>();

function sitesOf(run: IndexedRun): Map<string, Site> {
  let sites = testSites.get(run);
  if (sites) return sites;
  sites = new Map();
  for (const e of run.events) {
    const key = e.ev === 'test-start' ? `${e.proc}|${e.test}` : null;
    if (key !== null && (e as TestStartEvent).site && !sites.has(key)) sites.set(key, (e as TestStartEvent).site as Site);
  }
  testSites.set(run, sites);
  return sites;
}

/** The definition of the first test the owner ran (the test itself, or one in the class or module). */
function ownerTestSite(run: IndexedRun, life: ResourceLife): Site | null {
  const { owner, proc } = life.open.event;
  const sites = sitesOf(run);
  if (owner.scope === 'test') return sites.get(`${proc}|${owner.id}`) ?? null;
  const prefix = `${proc}|${owner.id}.`;
  for (const [key, site] of sites) if (key.startsWith(prefix)) return site;
  return null;
}

/** Later snapshots said another test set this target to the same value at the same line (the owner
 *  itself, repeated in one process, re-applying its own value says nothing about the other tests). */
function reappliedLater(leaks: Leak[]): boolean {
  return leaks.some(({ life, run }) => {
    const e = life.open.event;
    if (e.site === undefined || (e.kind !== 'env' && e.kind !== 'state')) return false;
    const from = life.ownerEnd?.pos ?? life.open.pos;
    return run.events.some((s, pos) => pos > from && s.ev === 'snapshot' && s.proc === e.proc && (s as SnapshotEvent).id !== e.owner.id
      && ((s as SnapshotEvent).reapplied ?? []).some((r) => r.target === e.target && r.site.file === e.site?.file && r.site.line === e.site?.line));
  });
}

function ownersPerProcess(leaks: Leak[]): number {
  const owners = new Map<string, Set<string>>();
  for (const { life, run } of leaks) {
    const e = life.open.event;
    const key = `${run.index}|${e.proc}`;
    const set = owners.get(key) ?? new Set<string>();
    set.add(`${e.owner.scope}|${e.owner.id}`);
    owners.set(key, set);
  }
  return Math.max(...[...owners.values()].map((s) => s.size));
}

interface Stopped {
  at: string;
  id: string | null;
  text: string;
}

/** The scope (class or module) a scope-end snapshot closes: its scope-end event is just before it. */
function endedScope(run: IndexedRun, pos: number): string | null {
  const snap = run.events[pos] as SnapshotEvent & { proc: number };
  for (let i = pos - 1; i >= 0; i--) {
    const e = run.events[i] as RunEvent;
    if (e.proc === snap.proc && e.ev === 'scope-end' && e.id === snap.id) return e.scope;
    if (e.proc === snap.proc && e.ev === 'snapshot') return null;
  }
  return null;
}

/** A fixture wider than a test torn down since the snapshot before `pos`: what stopped a resource
 *  stopped by a pytest module fixture finalized in the last test's teardown. */
function widerFixtureEnded(run: IndexedRun, pos: number): string | null {
  const proc = (run.events[pos] as RunEvent).proc;
  for (let i = pos - 1; i >= 0; i--) {
    const e = run.events[i] as RunEvent;
    if (e.proc !== proc) continue;
    if (e.ev === 'snapshot') return null;
    if (e.ev !== 'fixture-cleanup') continue;
    const setup = run.events.find((s) => s.ev === 'fixture-setup' && s.proc === proc && s.id === e.id);
    if (setup?.ev === 'fixture-setup' && setup.scope !== 'test') return `${setup.fixture} (${setup.scope} fixture)`;
  }
  return null;
}

/** Where the last of a group was finally stopped, for people: "at tearDownModule of m", "during test T.t". */
function stoppedOf(leaks: Leak[]): Stopped | null {
  const last = leaks.filter((l) => l.life.stoppedAt !== null).pop();
  if (!last?.life.stoppedAt) return null;
  const { event: snap, pos } = last.life.stoppedAt;
  const id = snap.id ?? '';
  const scope = snap.at === 'scope-end' ? endedScope(last.run, pos) : null;
  const fixture = snap.at === 'end' ? widerFixtureEnded(last.run, pos) : null;
  const text = fixture !== null ? `when ${fixture} was torn down, after test ${shortTestName(id)}`
    : scope === 'class' ? `at tearDownClass of ${id}`
    : scope === 'module' ? `at tearDownModule of ${id}`
    : snap.at === 'scope-end' ? `at the end of ${id}`
    : snap.at === 'exit' ? 'only at process exit'
    : snap.at === 'end' ? `during test ${shortTestName(id)}`
    : snap.at === 'start' ? `before test ${shortTestName(id)} started`
    : `at ${snap.at} ${id}`;
  return { at: snap.at, id: snap.id, text };
}

function evidence(leaks: Leak[], own: Ownership, site: Site | null): Record<string, unknown> {
  const first = leaks[0] as Leak;
  const e = first.life.open.event;
  const t0 = first.run.processes[e.proc]?.header.t0 ?? 0;
  const extra: Record<string, unknown> = {};
  for (const field of ['daemon', 'pid', 'fd', 'before', 'after'] as const) {
    if (e[field] !== undefined) extra[field] = e[field];
  }
  const owners = [...new Set(leaks.map((l) => l.life.open.event.owner.id))];
  return {
    resource: e.kind,
    what: e.target,
    owner: e.owner,
    madeBy: own.madeBy,
    createdBy: e.createdBy ?? null,
    heldBy: e.heldBy ?? null,
    pattern: own.pattern,
    ...(own.why !== null ? { why: own.why } : {}),
    ...(site !== null && e.site === undefined ? { siteFrom: 'test definition: the creating call was not seen' } : {}),
    createdMs: e.created !== undefined ? Math.round((e.created - t0) / NS_PER_MS) : null,
    seenMs: Math.round((e.t - t0) / NS_PER_MS),
    ...extra,
    releasedLater: leaks.some((l) => l.life.close !== null),
    stoppedAt: stoppedOf(leaks),
    owners,
    laterTests: [...new Set(leaks.flatMap((l) => l.life.laterTests))].sort(),
    runs: [...new Set(leaks.map((l) => l.run.index))].sort((a, b) => a - b),
    occurrences: leaks.length,
  };
}

/** The timing perturbation of the process a leak was seen in, or null for a plain (or reordered) one. */
function timingOf(run: IndexedRun, proc: number): Perturbation | null {
  const p = { ...(run.meta?.perturbation ?? {}), ...(run.processes[proc]?.header.perturbation ?? {}) } as Perturbation;
  const { order: _order, ...timing } = p;
  return isPlain(timing) ? null : timing;
}

/** When every leak of a group was seen under a timing perturbation and some run had none: which. */
function onlyUnderTiming(leaks: Leak[], runs: IndexedRun[]): string | null {
  const under = leaks.map((l) => timingOf(l.run, l.life.open.event.proc));
  if (under.some((p) => p === null)) return null;
  const plainRun = runs.some((r) => r.processes.some((_, proc) => timingOf(r, proc) === null));
  if (!plainRun) return null;
  const { seed: _seed, timeout: _timeout, ...shown } = under[0] as Perturbation;
  // A per-site plan lists every repetition of every test: its summary says more than its contents.
  return `a timing perturbation (${shown.sleepPlan !== undefined ? 'sleeps scaled one site at a time' : conditionLabel(shown)})`;
}

export function leakFindings(runs: IndexedRun[], opts: CheckOptions, rule: LeakRule): Finding[] {
  const groups = new Map<string, Leak[]>();
  for (const run of runs) {
    for (const life of resourceLives(run)) {
      const e = life.open.event;
      const kind = rule.findingKind(e.kind);
      if (kind === null || !life.leaked || rule.coveredElsewhere?.(life, run) === true) continue;
      const leak: Leak = { life, run, kind, target: stableTarget(e.kind, e.target), fallbackSite: e.site ? null : ownerTestSite(run, life) };
      const key = groupKey(leak);
      const list = groups.get(key);
      if (list) list.push(leak);
      else groups.set(key, [leak]);
    }
  }
  const findings: Finding[] = [];
  for (const leaks of groups.values()) {
    const first = leaks[0] as Leak;
    const e = first.life.open.event;
    const site = e.site ?? first.fallbackSite;
    const laterTests = new Set(leaks.flatMap((l) => l.life.laterTests)).size;
    const stoppedByWiderScope = leaks.some((l) => l.life.stoppedAt?.event.at === 'scope-end' && l.life.stoppedAt.event.id !== l.life.open.event.owner.id);
    const onlyUnder = onlyUnderTiming(leaks, runs);
    // Left behind only where a perturbation cut the test short, and no other test ran with it: the
    // test's timing finding is the whole story (its worker was still finishing when the wait gave up).
    if (onlyUnder !== null && laterTests === 0 && !stoppedByWiderScope) continue;
    const own = ownershipOf({
      kind: e.kind, open: e, ownersPerProcess: ownersPerProcess(leaks),
      laterTests, reapplied: reappliedLater(leaks), stoppedByWiderScope, onlyUnder,
    });
    const count = leaks.length > 1 ? ` (x${leaks.length})` : '';
    findings.push({
      id: findingId(first.kind, site, first.target),
      kind: first.kind,
      severity: own.severity === 'error' ? severityOf(first.kind, opts) : own.severity,
      test: e.test ?? e.owner.id,
      site,
      target: first.target,
      summary: `${rule.summarise(first.life, first.target)}${count}; ${own.short ?? laterCount(leaks)}`,
      message: `${rule.describe(first.life, ownerText(first.life))}${count ? `; ${leaks.length} alike` : ''}${stoppedSentence(leaks)}${own.why ? ` (${own.severity}: ${own.why})` : ''}`,
      evidence: evidence(leaks, own, site),
    });
  }
  return findings.sort((a, b) => (a.site?.file ?? '').localeCompare(b.site?.file ?? '') || (a.site?.line ?? 0) - (b.site?.line ?? 0));
}

function stoppedSentence(leaks: Leak[]): string {
  const stopped = stoppedOf(leaks);
  return stopped === null || stopped.at === 'start' ? '' : `; finally stopped ${stopped.text}`;
}

function laterCount(leaks: Leak[]): string {
  const n = new Set(leaks.flatMap((l) => l.life.laterTests)).size;
  const owners = new Set(leaks.map((l) => l.life.open.event.owner.id)).size;
  if (owners > 1) return `left by ${owners} tests${n ? `, ${n} later ran with it` : ''}`;
  if (n > 0) return `${n} later test${n === 1 ? '' : 's'} ran with it`;
  const stopped = stoppedOf(leaks);
  return stopped !== null && stopped.at === 'scope-end' ? `stopped only ${stopped.text}` : 'no later test ran with it';
}

export function laterTestsText(life: ResourceLife): string {
  const n = life.laterTests.length;
  if (n === 0) return '';
  const shown = life.laterTests.slice(0, 2).map(shortTestName).join(', ');
  return `; ${n} later test(s) ran while it was alive: ${shown}${n > 2 ? ', ...' : ''}`;
}

/** " at file:line (by library/file.py:12)": where the suite made it, and the library frame that did. */
export function creationText(life: ResourceLife): string {
  const s = life.open.event.site;
  const by = life.open.event.createdBy;
  return `${s ? ` at ${siteText(s)}` : ''}${by ? ` (by ${by.file}:${by.line})` : ''}`;
}
