// Every analysis, run over all runs. Each is pure: (runs, options) => Finding[].
import type { Finding } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/index.js';
import { leakedPatch } from './leaked-patch.js';
import { flaky } from './flaky.js';
import { crashes, hangs } from './hang.js';
import { order } from './order.js';
import { timing } from './timing.js';

export type Analysis = (runs: IndexedRun[], opts: CheckOptions) => Finding[];

export const ANALYSES: Record<string, Analysis> = {
  'leaked-patch': leakedPatch,
  flaky,
  timing,
  order,
  hang: hangs,
  crash: crashes,
};

export function analyse(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return Object.values(ANALYSES).flatMap((analysis) => analysis(runs, opts));
}
