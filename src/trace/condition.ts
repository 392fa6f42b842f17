// The condition an execution ran under, named for people and grouped for rates: "plain", a sleep
// site scaled ("test_x.py:15 at 0x"), a uniform scale ("sleep-scale=0@tests/t.py"), jitter, a switch
// interval, CPU noise, an order. Settings that only choose which tests ran (isolation, subsets,
// repeats, the sweep) and the hang limit are left out: they do not change how a test behaves.
import { isFailure, isPlain, type TestAttempt } from './outcomes.js';
import type { Perturbation } from './schema.js';

const fmt = (x: number): string => `${x}x`;

/** A short, stable name for the condition of perturbation `p` ("plain" when it changes nothing). */
export function conditionLabel(p: Perturbation): string {
  if (isPlain(p)) return 'plain';
  const parts: string[] = [];
  const r = p as Perturbation & { cpuNoise?: number };
  if (p.sleepSites !== undefined) {
    for (const [k, s] of Object.entries(p.sleepSites).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${k} at ${fmt(s)}`);
  }
  if (p.sleepScale !== undefined) parts.push(`sleep-scale=${p.sleepScale}${p.sleepScope !== undefined ? `@${p.sleepScope}` : ''}`);
  if (p.jitterMs !== undefined) parts.push(`jitter=${p.jitterMs}ms`);
  if (p.switchInterval !== undefined) parts.push(`switch-interval=${p.switchInterval}`);
  if (r.cpuNoise !== undefined) parts.push(`cpu-noise=${r.cpuNoise}`);
  if (p.order !== undefined && p.order !== 'default') parts.push(`order=${p.order}`);
  return parts.join(', ');
}

/** Failures and runs of executions per condition, plain first (present even with no plain run);
 *  skipped executions are not runs. */
export function failuresByCondition(attempts: readonly TestAttempt[]): Array<{ condition: string; failed: number; runs: number }> {
  const by = new Map<string, { failed: number; runs: number }>([['plain', { failed: 0, runs: 0 }]]);
  for (const a of attempts) {
    if (a.outcome === 'skipped') continue;
    const label = conditionLabel(a.perturbation);
    const r = by.get(label) ?? { failed: 0, runs: 0 };
    r.runs += 1;
    if (isFailure(a.outcome)) r.failed += 1;
    by.set(label, r);
  }
  const [plain, ...rest] = [...by].map(([condition, r]) => ({ condition, ...r }));
  return [plain as { condition: string; failed: number; runs: number }, ...rest.sort((a, b) => (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : 0))];
}
