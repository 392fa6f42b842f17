// The catalogue: which fixer handles a finding of each kind, and why the other kinds have none.
import type { Finding, FindingKind } from '../check/finding.js';
import { fixEnvPollution } from './env-fix.js';
import { fixOrder } from './order-fix.js';
import { fixLeakedPatch } from './patch-fix.js';
import type { FixContext, Proposed } from './proposal.js';
import { fixResource } from './resource-fix.js';
import { fixTiming } from './timing-fix.js';

type Fixer = (f: Finding, ctx: FixContext) => Promise<Proposed>;

const FIXERS: Partial<Record<FindingKind, Fixer>> = {
  'leaked-patch': fixLeakedPatch,
  'env-pollution': fixEnvPollution,
  'leaked-thread': fixResource,
  'leaked-fd': fixResource,
  'leaked-child': fixResource,
  'timing-sensitive': fixTiming,
  'order-dependent': fixOrder,
};

/** Kinds `flakescope fix` proposes edits for. */
export const FIXABLE_KINDS: readonly FindingKind[] = Object.keys(FIXERS) as FindingKind[];

const NO_FIX: Partial<Record<FindingKind, string>> = {
  flaky: 'a test that fails under unchanged conditions has no mechanical fix; its evidence shows where passing and failing runs part',
  hang: 'a hang has no mechanical fix; its evidence holds every thread\'s stack at the limit',
  crash: 'a crashed process has no mechanical fix',
  'unreleased-fixture': 'unreleased fixtures are not in the fix catalogue yet: clean the fixture up with addCleanup or useFixture',
  'costly-sleep': 'a sleep that decides nothing costs only time: shorten or remove it by hand',
};

export async function propose(f: Finding, ctx: FixContext): Promise<Proposed> {
  const fixer = FIXERS[f.kind];
  if (!fixer) return { reason: NO_FIX[f.kind] ?? `flakescope has no fix for ${f.kind} findings` };
  try {
    return await fixer(f, ctx);
  } catch (err) {
    // A malformed tree or evidence must not stop the other findings' fixes.
    if (err instanceof TypeError || err instanceof RangeError) return { reason: `flakescope could not build a fix (${err.message})` };
    throw err;
  }
}
