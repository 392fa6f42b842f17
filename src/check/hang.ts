// hang: a test that outlived the per-test limit, reported at the blocking line in user code (the
// shim's hang event). crash: a process that died inside a test (signal, os._exit): the test that was
// running is named with the signal or exit code from run.json.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { allAttempts } from '../trace/outcomes.js';
import type { HangEvent } from '../trace/schema.js';

export function hangs(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const bySite = new Map<string, { event: HangEvent; test: string; runs: number[]; killed: number }>();
  for (const a of allAttempts(runs)) {
    const h = a.hang;
    if (h === null) continue;
    const key = `${a.test}\u0000${h.site.file}:${h.site.line}`;
    const entry = bySite.get(key) ?? { event: h, test: a.test, runs: [], killed: 0 };
    entry.runs.push(a.run);
    // No test-end after the hang: the shim could not interrupt it and flakescope killed the tree.
    if (!a.ended) entry.killed += 1;
    bySite.set(key, entry);
  }
  return [...bySite.values()].map(({ event, test, runs: hungRuns, killed }) => ({
    id: findingId('hang', event.site, test),
    kind: 'hang' as const,
    severity: severityOf('hang', opts),
    test,
    site: { file: event.site.file, line: event.site.line, ...(event.site.function ? { function: event.site.function } : {}) },
    message: `${test} hung (over ${event.timeout} s) at ${event.site.file}:${event.site.line} in ${hungRuns.length} run(s)` +
      (killed > 0 ? `; ${killed} time(s) it could not be interrupted and its process tree was killed` : ''),
    evidence: { timeout: event.timeout, runs: hungRuns, killed, stacks: event.stacks ?? [] },
  }));
}

export function crashes(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  const byTest = new Map<string, { runs: number[]; how: Set<string> }>();
  for (const run of runs) {
    if (run.meta?.killedForHang) continue;
    for (const a of allAttempts([run])) {
      if (a.outcome !== 'crashed') continue;
      const how = run.meta?.signal ? `killed by ${run.meta.signal}` : run.meta?.exitCode != null ? `exited with code ${run.meta.exitCode}` : 'ended without finishing the test';
      const entry = byTest.get(a.test) ?? { runs: [], how: new Set<string>() };
      entry.runs.push(a.run);
      entry.how.add(how);
      byTest.set(a.test, entry);
    }
  }
  return [...byTest].map(([test, e]) => ({
    id: findingId('crash', null, test),
    kind: 'crash' as const,
    severity: severityOf('crash', opts),
    test,
    site: null,
    message: `the process running ${test} died inside it (${[...e.how].join('; ')}) in run(s) ${e.runs.join(', ')}; results of earlier tests are kept`,
    evidence: { runs: e.runs, how: [...e.how] },
  }));
}
