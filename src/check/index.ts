// Every analysis, run over all runs. Each is pure: (runs, options) => Finding[].
import type { Finding } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { leakedPatch } from './leaked-patch.js';

export type Analysis = (runs: IndexedRun[], opts: CheckOptions) => Finding[];

export const ANALYSES: Record<string, Analysis> = {
  'leaked-patch': leakedPatch,
};

export function analyse(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return Object.values(ANALYSES).flatMap((analysis) => analysis(runs, opts));
}
