// Every analysis, run over all runs. Each is pure: (runs, options) => Finding[].
import type { Finding } from './finding.js';
import type { CheckOptions } from './options.js';
import type { IndexedRun } from '../trace/run-index.js';
import { envPollution } from './env-pollution.js';
import { applyIgnores } from './ignore.js';
import { leakedPatch } from './leaked-patch.js';
import { flaky } from './flaky.js';
import { crashes } from './crash.js';
import { hangs } from './hang.js';
import { order } from './order.js';
import { timing } from './timing.js';
import { resourceLeak } from './resource-leak.js';
import { unreleasedFixture } from './unreleased-fixture.js';

export type Analysis = (runs: IndexedRun[], opts: CheckOptions) => Finding[];

export const ANALYSES: Record<string, Analysis> = {
  'leaked-patch': leakedPatch,
  flaky,
  timing,
  order,
  hang: hangs,
  crash: crashes,
  'unreleased-fixture': unreleasedFixture,
  'resource-leak': resourceLeak,
  'env-pollution': envPollution,
};

export function analyse(runs: IndexedRun[], opts: CheckOptions = {}): Finding[] {
  return applyIgnores(Object.values(ANALYSES).flatMap((analysis) => analysis(runs, opts)), opts.ignore ?? []);
}
