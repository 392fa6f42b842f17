// Options every analysis receives.
import type { FindingKind, Severity } from './finding.js';

export interface CheckOptions {
  /** Severity per finding kind; every kind is an error unless configured otherwise (docs/design.md "Ownership and severity"). */
  severity?: Partial<Record<FindingKind, Severity>>;
  /** User --ignore globs (check/ignore.ts); matching findings are dropped. */
  ignore?: readonly string[];
}

export const DEFAULT_SEVERITY: Severity = 'error';

export function severityOf(kind: FindingKind, opts: CheckOptions): Severity {
  return opts.severity?.[kind] ?? DEFAULT_SEVERITY;
}
