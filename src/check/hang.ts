// hang: a test that outlived the per-test limit, reported at the blocking line in user code (the
// shim's hang event); a warning when it hung only under a perturbation and never in a plain run, with
// the conditions it hung under.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { allAttempts, isPlain } from '../trace/outcomes.js';
import { conditionLabel } from '../trace/condition.js';
import type { HangEvent } from '../trace/schema.js';

export function hangs(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const bySite = new Map<string, { event: HangEvent; test: string; runs: number[]; killed: number; conditions: Set<string> }>();
  const plainHung = new Set<string>();
  const plainRuns = new Map<string, number>();
  for (const a of allAttempts(runs)) {
    if (isPlain(a.perturbation) && a.outcome !== 'skipped') plainRuns.set(a.test, (plainRuns.get(a.test) ?? 0) + 1);
    const h = a.hang;
    if (h === null) continue;
    if (isPlain(a.perturbation)) plainHung.add(a.test);
    const key = `${a.test}\u0000${h.site.file}:${h.site.line}`;
    const entry = bySite.get(key) ?? { event: h, test: a.test, runs: [], killed: 0, conditions: new Set<string>() };
    entry.conditions.add(conditionLabel(a.perturbation));
    entry.runs.push(a.run);
    // No test-end after the hang: the shim could not interrupt it and flakescope killed the tree.
    if (!a.ended) entry.killed += 1;
    bySite.set(key, entry);
  }
  return [...bySite.values()].map(({ event, test, runs: hungRuns, killed, conditions }) => {
    // Hung only under perturbations, never in a plain run (and there were plain runs): the test does
    // not hang as the suite runs it; the perturbation found a wait with no bound of its own.
    const onlyPerturbed = !plainHung.has(test) && (plainRuns.get(test) ?? 0) > 0;
    const under = [...conditions].sort();
    return {
      id: findingId('hang', event.site, test),
      kind: 'hang' as const,
      severity: onlyPerturbed ? opts.severity?.hang ?? 'warning' : severityOf('hang', opts),
      test,
      site: { file: event.site.file, line: event.site.line, ...(event.site.function ? { function: event.site.function } : {}) },
      message: `${test} hung (over ${event.timeout} s) at ${event.site.file}:${event.site.line} in ${hungRuns.length} run(s)` +
        (onlyPerturbed ? ` only under a perturbation (${under.join('; ')}), never in its ${plainRuns.get(test)} plain run(s)` : '') +
        (killed > 0 ? `; ${killed} time(s) it could not be interrupted and its process tree was killed` : ''),
      evidence: { timeout: event.timeout, runs: hungRuns, killed, stacks: event.stacks ?? [], conditions: under, ...(onlyPerturbed ? { onlyPerturbed: true } : {}) },
    };
  });
}
