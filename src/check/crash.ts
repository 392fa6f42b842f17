// crash: a process that died inside a test (signal, os._exit): the test that was running is named
// with the signal or exit code from run.json. A run killed for a hang is the hang analysis's.
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { severityOf, type CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { allAttempts } from '../trace/outcomes.js';

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
