// Shared by resource-leak and env-pollution: turn resource lives that outlived their owner scope
// into findings, one per creating site (and target, for state), with evidence of what it was, when
// it was created, and which later tests ran while it was alive.
import type { Finding, FindingKind } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { resourceLives, type ResourceLife } from '../trace/resources.js';

const NS_PER_MS = 1e6;

export interface LeakRule {
  /** The finding kind for a resource kind, or null when this analysis does not handle it. */
  findingKind(resourceKind: string): FindingKind | null;
  /** Whether occurrences at one site with different targets are separate findings (env vars: yes; thread names: no). */
  groupByTarget: boolean;
  /** A change another analysis already reports (e.g. a leaked patch.dict(os.environ)): not reported twice. */
  coveredElsewhere?(life: ResourceLife, run: IndexedRun): boolean;
  /** One sentence for people. */
  describe(life: ResourceLife, ownerText: string): string;
}

interface Leak {
  life: ResourceLife;
  run: number;
  kind: FindingKind;
  t0: number;
}

function ownerText(life: ResourceLife): string {
  const o = life.open.event.owner;
  return o.scope === 'test' ? `test ${o.id}` : `${o.scope} ${o.id}`;
}

function groupKey(leak: Leak, rule: LeakRule): string {
  const e = leak.life.open.event;
  const where = e.site ? `${e.site.file}:${e.site.line}` : '';
  const target = rule.groupByTarget || !e.site ? e.target : '';
  return [leak.kind, where, target].join('\u0000');
}

function evidence(leaks: Leak[]): Record<string, unknown> {
  const first = leaks[0] as Leak;
  const e = first.life.open.event;
  const extra: Record<string, unknown> = {};
  for (const field of ['daemon', 'pid', 'fd', 'before', 'after'] as const) {
    if (e[field] !== undefined) extra[field] = e[field];
  }
  return {
    resource: e.kind,
    what: e.target,
    owner: e.owner,
    createdMs: e.created !== undefined ? Math.round((e.created - first.t0) / NS_PER_MS) : null,
    seenMs: Math.round((e.t - first.t0) / NS_PER_MS),
    ...extra,
    releasedLater: first.life.close !== null,
    laterTests: [...new Set(leaks.flatMap((l) => l.life.laterTests))].sort(),
    runs: [...new Set(leaks.map((l) => l.run))].sort((a, b) => a - b),
    occurrences: leaks.length,
  };
}

export function leakFindings(runs: IndexedRun[], opts: CheckOptions, rule: LeakRule): Finding[] {
  const groups = new Map<string, Leak[]>();
  for (const run of runs) {
    for (const life of resourceLives(run)) {
      const kind = rule.findingKind(life.open.event.kind);
      if (kind === null || !life.leaked || rule.coveredElsewhere?.(life, run) === true) continue;
      const t0 = run.processes[life.open.event.proc]?.header.t0 ?? 0;
      const leak: Leak = { life, run: run.index, kind, t0 };
      const key = groupKey(leak, rule);
      const list = groups.get(key);
      if (list) list.push(leak);
      else groups.set(key, [leak]);
    }
  }
  const findings: Finding[] = [];
  for (const leaks of groups.values()) {
    const first = leaks[0] as Leak;
    const e = first.life.open.event;
    const site = e.site ?? null;
    findings.push({
      id: findingId(first.kind, site, rule.groupByTarget || site === null ? e.target : ''),
      kind: first.kind,
      severity: severityOf(first.kind, opts),
      test: e.test ?? e.owner.id,
      site,
      target: e.target,
      message: rule.describe(first.life, ownerText(first.life)),
      evidence: evidence(leaks),
    });
  }
  return findings.sort((a, b) => (a.site?.file ?? '').localeCompare(b.site?.file ?? '') || (a.site?.line ?? 0) - (b.site?.line ?? 0));
}

export function laterTestsText(life: ResourceLife): string {
  const n = life.laterTests.length;
  if (n === 0) return '';
  const shown = life.laterTests.slice(0, 3).join(', ');
  return `; ${n} later test(s) ran while it was alive: ${shown}${n > 3 ? ', ...' : ''}`;
}

export function siteText(life: ResourceLife): string {
  const s = life.open.event.site;
  return s ? ` at ${s.file}:${s.line}` : '';
}
