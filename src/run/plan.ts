// Which runs to make: the perturbations of `--perturb` (each run applies one of them), the `default`
// plan, and `none` for plain reruns. Parsing is strict: a typo is a usage error, not a silent no-op.
import { UsageError } from '../errors.js';
import type { Perturbation as ShimPerturbation } from '../trace/schema.js';

/** A run's perturbation: what the shim applies (the trace's Perturbation, less the hang limit, which is
 *  per session) plus what the orchestrator does itself. */
export interface Perturbation extends Omit<ShimPerturbation, 'timeout'> {
  /** Stressor processes per core started next to the run (orchestrator side). */
  cpuNoise?: number;
  /** Each suspicious test in a process of its own. */
  isolate?: boolean;
  /** Per-site evidence runs (sleepPlan): the sleep scopes of the plan, so the analysis judges the
   *  same sites the planner perturbed. Recorded only; the shim ignores it. */
  sleepScopes?: string[];
}

export interface PlannedRun {
  index: number;
  /** Settings the run applies, echoed into report.json. Empty = unperturbed. */
  perturbation: Perturbation;
  /** "default" | "reverse" | "shuffle:<seed>" */
  order: string;
}

/** Sleep scales 0 (yield only: exposes sleeps that wait for something) and 3 (exposes deadlines that
 *  are too tight); 5 ms jitter and a 1 µs switch interval shake thread interleavings; two CPU stressors
 *  per core leave the test a third of a core, as Shaker's load does; reverse and shuffled order plus
 *  isolation expose order dependence. */
export const DEFAULT_PLAN = ['sleep-scale=0,3', 'jitter=5ms', 'switch-interval=1e-6', 'order=reverse,shuffle', 'isolate', 'cpu-noise=2'];

function numbers(key: string, value: string, unit = ''): number[] {
  return value.split(',').map((v) => {
    const n = Number(unit && v.endsWith(unit) ? v.slice(0, -unit.length) : v);
    if (v === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--perturb ${key}=${value}: "${v}" is not a number >= 0`);
    return n;
  });
}

/** "0,3" or "0,3@PATH": the scales, each limited to the sleeps of PATH when a scope is given. */
function sleepScales(value: string): Perturbation[] {
  const at = value.indexOf('@');
  const scales = numbers('sleep-scale', at < 0 ? value : value.slice(0, at));
  if (at < 0) return scales.map((sleepScale) => ({ sleepScale }));
  const sleepScope = value.slice(at + 1);
  if (sleepScope.trim() === '') throw new UsageError(`--perturb sleep-scale=${value}: the scope after "@" is empty (give a file path, e.g. sleep-scale=0,3@tests/test_x.py)`);
  return scales.map((sleepScale) => ({ sleepScale, sleepScope }));
}

function parseToken(token: string, seed: number): Perturbation[] {
  const [key, value = ''] = token.split('=', 2) as [string, string?];
  switch (key) {
    case 'sleep-scale': return sleepScales(value);
    case 'jitter': return numbers(key, value, 'ms').map((jitterMs) => ({ jitterMs, seed }));
    case 'switch-interval': return numbers(key, value).filter((x) => x > 0).map((switchInterval) => ({ switchInterval }));
    case 'cpu-noise': return numbers(key, value).map((cpuNoise) => ({ cpuNoise: Math.round(cpuNoise) }));
    case 'isolate': return [{ isolate: true }];
    case 'order':
      return value.split(',').map((o) => {
        if (o === 'reverse') return { order: 'reverse' };
        if (o === 'shuffle') return { order: `shuffle:${seed}` };
        if (/^shuffle:\d+$/.test(o)) return { order: o };
        throw new UsageError(`--perturb order=${value}: "${o}" is not reverse, shuffle or shuffle:<seed>`);
      });
    default:
      throw new UsageError(`--perturb: unknown perturbation "${token}" (use sleep-scale=, jitter=, switch-interval=, cpu-noise=, order=, isolate, default or none)`);
  }
}

/** The perturbations of a --perturb list, in order; [] for `none`. Tokens may be space- or comma-less joined. */
export function parsePerturb(list: string[], seed: number): Perturbation[] {
  const tokens = list.flatMap((s) => s.split(/\s+/)).filter((t) => t !== '');
  if (tokens.length === 1 && tokens[0] === 'none') return [];
  return tokens.flatMap((t) => (t === 'default' ? DEFAULT_PLAN.flatMap((d) => parseToken(d, seed)) : parseToken(t, seed)));
}

/** The order a perturbation asks for. */
export const orderOf = (p: Perturbation): string => p.order ?? 'default';

/** A fixed-count plan: a plain baseline, then the perturbations in turn (plain reruns when there are none). */
export function planRuns(runs: number, perturbations: Perturbation[]): PlannedRun[] {
  return Array.from({ length: runs }, (_, index) => {
    const perturbation = index === 0 || perturbations.length === 0 ? {} : (perturbations[(index - 1) % perturbations.length] as Perturbation);
    return { index, perturbation, order: orderOf(perturbation) };
  });
}
