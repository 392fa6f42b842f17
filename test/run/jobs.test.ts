import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { effectiveJobs, executeRuns } from '../../src/run/jobs.js';
import { planRuns } from '../../src/run/plan.js';

t.test('effectiveJobs is bounded by cores and runs', async (t) => {
  t.equal(effectiveJobs(8, 10, 2), 2);
  t.equal(effectiveJobs(3, 2, 16), 2);
  t.equal(effectiveJobs(1, 5, 4), 1);
});

t.test('parallel runs: at most cpuCount at once, each with its own temp and trace folder', async (t) => {
  const traces = mkdtempSync(join(tmpdir(), 'flakescope-jobs-'));
  t.teardown(() => rmSync(traces, { recursive: true, force: true }));
  let running = 0;
  let peak = 0;
  const seen: NodeJS.ProcessEnv[] = [];
  const execute = async ({ env }: { env: NodeJS.ProcessEnv }) => {
    running++;
    peak = Math.max(peak, running);
    seen.push(env);
    await new Promise((r) => setTimeout(r, 20));
    running--;
    return { exitCode: 0, signal: null, durationMs: 20, interruptedBy: null };
  };
  const result = await executeRuns(planRuns(5, []), { command: ['python3'], shimDir: '/shim', tracesDir: traces, jobs: 4, cpuCount: 2, execute });
  t.equal(peak, 2, 'never more than the CPU count');
  t.same(result.records.map((r) => r.index), [0, 1, 2, 3, 4]);
  t.equal(new Set(seen.map((e) => e.TMPDIR)).size, 5, 'a temp folder per run');
  t.equal(new Set(seen.map((e) => e.FLAKESCOPE_TRACE_DIR)).size, 5, 'a trace folder per run');
});

t.test('an interrupt stops scheduling further runs', async (t) => {
  const traces = mkdtempSync(join(tmpdir(), 'flakescope-jobs-'));
  t.teardown(() => rmSync(traces, { recursive: true, force: true }));
  let calls = 0;
  const execute = async () => ({ exitCode: null, signal: 'SIGINT', durationMs: 1, interruptedBy: (++calls === 1 ? 'SIGINT' : null) as NodeJS.Signals | null });
  const result = await executeRuns(planRuns(4, []), { command: ['x'], shimDir: '/s', tracesDir: traces, jobs: 1, cpuCount: 1, execute });
  t.equal(calls, 1);
  t.equal(result.interruptedBy, 'SIGINT');
});
