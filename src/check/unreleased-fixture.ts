// unreleased-fixture: a fixtures.Fixture set up but not cleaned up by the end of the scope that owned
// it (never, or only later), and any fixture whose cleanup raised: a pytest finalizer, a
// fixtures.Fixture cleanUp, an addCleanup callback. A raising cleanup may have skipped the rest of
// the release, so what it guarded can outlive the test; the error is reported, not swallowed.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun, RunEvent } from '../trace/run-index.js';
import { at, firstAfter, fixtureLives, indexEnds, ownerKey, type At, type FixtureLife } from '../trace/lifecycle.js';

/** Kinds whose cleanup releases something; setUp/tearDown errors are test errors, reported as outcomes. */
const RELEASING_KINDS = new Set(['fixtures', 'pytest', 'cleanup']);

interface Problem {
  life: FixtureLife;
  ownerEnd: At<RunEvent> | null;
  why: 'never' | 'late' | 'raised';
  run: number;
}

function problemOf(life: FixtureLife, ownerEnd: At<RunEvent> | null): Problem['why'] | null {
  const { setup, cleanup } = life;
  if (!RELEASING_KINDS.has(setup.event.kind)) return null;
  if (cleanup?.event.error !== undefined) return 'raised';
  if (setup.event.kind !== 'fixtures' || ownerEnd === null) return null;
  if (cleanup === null) return 'never';
  return cleanup.pos > ownerEnd.pos ? 'late' : null;
}

function message(p: Problem): string {
  const s = p.life.setup.event;
  const owner = s.owner.scope === 'test' ? `test ${s.owner.id}` : `${s.owner.scope} ${s.owner.id}`;
  const where = `${s.site.file}:${s.site.line}`;
  if (p.why === 'raised') return `cleanup of ${s.fixture} (set up at ${where}) raised: ${p.life.cleanup?.event.error ?? ''}`;
  if (p.why === 'late') return `fixture ${s.fixture} set up at ${where} in ${owner} was cleaned up only after ${owner} ended`;
  return `fixture ${s.fixture} set up at ${where} in ${owner} was never cleaned up`;
}

export function unreleasedFixture(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const bySite = new Map<string, Problem[]>();
  for (const run of runs) {
    const ends = indexEnds(run.events);
    for (const life of fixtureLives(run)) {
      const s = life.setup;
      const key = ownerKey(s.event.proc, s.event.owner);
      const ownerEnd = key === null ? null : at<RunEvent>(run.events, firstAfter(ends, key, s.pos));
      const why = problemOf(life, ownerEnd);
      if (why === null) continue;
      const group = `${s.event.site.file}:${s.event.site.line}\u0000${s.event.fixture}\u0000${why}`;
      const list = bySite.get(group);
      const problem: Problem = { life, ownerEnd, why, run: run.index };
      if (list) list.push(problem);
      else bySite.set(group, [problem]);
    }
  }
  const findings: Finding[] = [];
  for (const problems of bySite.values()) {
    const first = problems[0] as Problem;
    const s = first.life.setup.event;
    findings.push({
      id: findingId('unreleased-fixture', s.site, `${s.fixture}\u0000${first.why}`),
      kind: 'unreleased-fixture',
      severity: severityOf('unreleased-fixture', opts),
      test: typeof s.test === 'string' ? s.test : s.owner.id,
      site: s.site,
      target: s.fixture,
      message: message(first),
      evidence: {
        fixtureKind: s.kind,
        scope: s.scope,
        owner: s.owner,
        problem: first.why,
        error: first.life.cleanup?.event.error ?? null,
        runs: [...new Set(problems.map((p) => p.run))].sort((a, b) => a - b),
        occurrences: problems.length,
      },
    });
  }
  return findings.sort((a, b) => (a.site?.file ?? '').localeCompare(b.site?.file ?? '') || (a.site?.line ?? 0) - (b.site?.line ?? 0));
}
