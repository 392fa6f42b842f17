// The reproducer a finding may carry in evidence.reproduce: the user's command narrowed to the affected
// test(s), run from `cwd`, with only the FLAKESCOPE_* settings that make it fail (plus PYTHONPATH for the
// shim). Derived and measured by src/repro; shown by the reports.
import type { Finding, FindingKind } from './finding.js';

export interface Reproduce {
  argv: string[];
  env: Record<string, string>;
  /** The folder the argv is relative to. */
  cwd: string;
  /** Failures among the replays of exactly this argv + env + cwd, without tracing. */
  reliability: { failed: number; runs: number };
  /** What the reproducer could not include or measure (e.g. CPU noise, a replay budget cut short). */
  notes?: string[];
}

/** Kinds whose failure a perturbation or an order can bring back. */
export const REPRODUCIBLE_KINDS: ReadonlySet<FindingKind> = new Set(['timing-sensitive', 'order-dependent', 'flaky', 'hang']);

/** A reproducer reproduces when it failed at least this share of its replays: a line a user pastes
 *  must fail nearly every time, or they will conclude it does not work. */
export const REPRODUCED_RATE = 0.9;

export const isReproduced = (r: Reproduce['reliability']): boolean => r.runs > 0 && r.failed >= REPRODUCED_RATE * r.runs;

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

/** The finding's reproducer, when its evidence holds a well-formed one. */
export function reproduceOf(finding: Pick<Finding, 'evidence'>): Reproduce | null {
  const r = finding.evidence.reproduce as Partial<Reproduce> | undefined;
  if (typeof r !== 'object' || r === null) return null;
  const ok = Array.isArray(r.argv) && r.argv.every((a) => typeof a === 'string') && isStringRecord(r.env) && typeof r.cwd === 'string'
    && typeof r.reliability?.failed === 'number' && typeof r.reliability.runs === 'number';
  return ok ? (r as Reproduce) : null;
}
