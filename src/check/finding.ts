// What an analysis returns. Analyses are pure: (runs, options) => Finding[].
import type { Site } from '../trace/schema.js';

export type FindingKind =
  | 'leaked-patch'
  | 'unreleased-fixture'
  | 'leaked-thread'
  | 'leaked-fd'
  | 'leaked-child'
  | 'env-pollution'
  | 'timing-sensitive'
  | 'flaky'
  | 'order-dependent'
  | 'hang'
  | 'crash'
  /** A sleep that costs most of its test's time and does not decide its outcome (info by default). */
  | 'costly-sleep';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable across runs and machines: derived from kind, site and target, so merge can de-duplicate. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** The test that caused it (runner's own id), or null when no test was running. */
  test: string | null;
  /** The cause in user code, never a flakescope or library frame. */
  site: Site | null;
  target?: string;
  /** A few words for one-line output (the terminal): what, without the test or the site, which the
   *  line shows beside it. Absent: the message stands in, cut short. */
  summary?: string;
  message: string;
  evidence: Record<string, unknown>;
}
