// leaked-patch: a patch still active after the scope that started it ended (test, class, module,
// wider pytest fixture). A later blanket stopall that sweeps it up does not excuse it: the tests
// in between ran with the patch in place.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun, RunEvent } from '../trace/run-index.js';
import { patchLives, type At, type PatchLife } from '../trace/lifecycle.js';
import type { MockCallEvent, Owner, Site } from '../trace/schema.js';

interface StoppedLater {
  how: string;
  site: Site | null;
  test: string | null;
}

interface Leak {
  life: PatchLife;
  run: number;
  ownerName: string;
  victims: string[];
}

/** A patch is leaked when its owner scope ended and no patch-stop came before that end. */
function isLeaked(life: PatchLife): boolean {
  if (life.ownerEnd === null) return false;
  return life.stop === null || life.stop.pos > life.ownerEnd.pos;
}

/** Fixture owners are ids like "f3"; the fixture's own name reads better in a message. */
function ownerName(run: IndexedRun, proc: number, owner: Owner): string {
  if (owner.scope !== 'fixture') return owner.id;
  const setup = run.events.find((e) => e.proc === proc && e.ev === 'fixture-setup' && e.id === owner.id);
  return setup?.ev === 'fixture-setup' ? setup.fixture : owner.id;
}

function mockCallsOf(events: RunEvent[]): At<MockCallEvent>[] {
  const calls: At<MockCallEvent>[] = [];
  events.forEach((event, pos) => {
    if (event.ev === 'mock-call') calls.push({ event, pos });
  });
  return calls;
}

/** Tests other than the owner that called the patch's mock after the owner ended. */
function victimsOf(mockCalls: At<MockCallEvent>[], life: PatchLife): string[] {
  const start = life.start.event;
  const after = life.ownerEnd?.pos ?? Infinity;
  const victims = new Set<string>();
  for (const { event: e, pos } of mockCalls) {
    if (e.proc !== start.proc || e.id !== start.id) continue;
    if (typeof e.test === 'string' && e.test !== start.owner.id && pos > after) victims.add(e.test);
  }
  return [...victims];
}

function describeOwner(owner: Owner, name: string): string {
  return owner.scope === 'test' ? `test ${name}` : `${owner.scope} ${name}`;
}

function stoppedLaterOf(life: PatchLife): StoppedLater | null {
  if (life.stop === null) return null;
  const s = life.stop.event;
  return { how: s.how, site: s.site ?? null, test: typeof s.test === 'string' ? s.test : null };
}

function message(leak: Leak, stoppedLater: StoppedLater | null, victims: string[]): string {
  const p = leak.life.start.event;
  const owner = describeOwner(p.owner, leak.ownerName);
  let text = `patch of ${p.target} started at ${p.site.file}:${p.site.line} in ${owner} was still active after ${owner} ended`;
  if (stoppedLater === null) text += ' and was never stopped';
  else {
    const where = stoppedLater.site ? ` at ${stoppedLater.site.file}:${stoppedLater.site.line}` : '';
    text += stoppedLater.how === 'stopall' ? `; swept up later by stopall${where}` : `; stopped only later (${stoppedLater.how}${where})`;
  }
  if (victims.length > 0) text += `; later test(s) called the still-patched target: ${victims.join(', ')}`;
  return text;
}

export function leakedPatch(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const bySite = new Map<string, Leak[]>();
  for (const run of runs) {
    const mockCalls = mockCallsOf(run.events);
    for (const life of patchLives(run)) {
      if (!isLeaked(life)) continue;
      const p = life.start.event;
      const leak: Leak = { life, run: run.index, ownerName: ownerName(run, p.proc, p.owner), victims: victimsOf(mockCalls, life) };
      const key = `${p.site.file}:${p.site.line}\u0000${p.target}`;
      const list = bySite.get(key);
      if (list) list.push(leak);
      else bySite.set(key, [leak]);
    }
  }
  const findings: Finding[] = [];
  for (const leaks of bySite.values()) {
    const first = leaks[0] as Leak;
    const p = first.life.start.event;
    const stoppedLater = leaks.map((l) => stoppedLaterOf(l.life)).find((s) => s !== null) ?? null;
    const victims = [...new Set(leaks.flatMap((l) => l.victims))].sort();
    findings.push({
      id: findingId('leaked-patch', p.site, p.target),
      kind: 'leaked-patch',
      severity: severityOf('leaked-patch', opts),
      test: p.owner.id,
      site: p.site,
      target: p.target,
      message: message(first, stoppedLater, victims),
      evidence: {
        via: p.via,
        how: p.how,
        owner: { ...p.owner, name: first.ownerName },
        stoppedLater,
        swept: stoppedLater?.how === 'stopall',
        victims,
        runs: [...new Set(leaks.map((l) => l.run))].sort((a, b) => a - b),
        occurrences: leaks.length,
      },
    });
  }
  return findings.sort((a, b) => (a.site?.file ?? '').localeCompare(b.site?.file ?? '') || (a.site?.line ?? 0) - (b.site?.line ?? 0));
}
