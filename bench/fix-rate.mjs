#!/usr/bin/env node
// Issue 25's goals, measured on every bundled scenario: of the findings of a fixable kind, the share
// `flakescope fix` verifies; after `fix --apply`, the tests that passed before and fail in a new run
// (goal 0); and the size of the verified diffs (lines added + removed). Each scenario runs in a copy:
// `flakescope run` with its expect.json flags, `fix --apply --runs FIX_RUNS`, then `run` again.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, commandFor, flagsFor, loadScenarios, missingRequirement, runFlakescope } from '../test/helpers/scenarios.mjs';

/** Replays per verification: 3 keeps the whole bench to minutes; the default of 20 costs ~7x. */
const FIX_RUNS = process.env.FIX_RUNS ?? '3';
const FIXABLE = new Set(['leaked-patch', 'env-pollution', 'leaked-thread', 'leaked-fd', 'leaked-child', 'timing-sensitive', 'order-dependent']);

const totals = { fixable: 0, verified: 0, broken: 0, diffLines: [] };
for (const { name, dir, expect } of loadScenarios()) {
  const missing = missingRequirement(expect);
  if (missing) {
    console.log(`${name}: skipped (${missing})`);
    continue;
  }
  const base = mkdtempSync(path.join(os.tmpdir(), `fs-fix-bench-${name}-`));
  try {
    const work = path.join(base, 'work');
    cpSync(dir, work, { recursive: true });
    const flags = [...flagsFor(expect), '--no-repro'];
    const first = runFlakescope(commandFor(expect), { cwd: work, out: path.join(base, 'out'), flags }).report;
    if (!first) {
      console.log(`${name}: no report`);
      continue;
    }
    spawnSync(process.execPath, [cliPath, 'fix', path.join(base, 'out'), '--apply', '--quiet', '--runs', FIX_RUNS], { cwd: work, stdio: 'ignore' });
    const records = JSON.parse(readFileSync(path.join(base, 'out', 'fixes.json'), 'utf8')).fixes;
    const fixable = records.filter((r) => FIXABLE.has(r.kind));
    const verified = fixable.filter((r) => r.status === 'verified');
    for (const r of verified) totals.diffLines.push(r.patch.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l)).length);
    const after = runFlakescope(commandFor(expect), { cwd: work, out: path.join(base, 'out2'), flags }).report;
    const passed = first.tests.filter((t) => t.verdict === 'pass').map((t) => t.id);
    const verdicts = new Map((after?.tests ?? []).map((t) => [t.id, t.verdict]));
    const broken = passed.filter((id) => verdicts.get(id) !== 'pass');
    totals.fixable += fixable.length;
    totals.verified += verified.length;
    totals.broken += broken.length;
    const others = fixable.filter((r) => r.status !== 'verified').map((r) => `${r.kind} ${r.status}: ${r.reason.slice(0, 140)}`);
    console.log(`${name}: ${verified.length}/${fixable.length} verified${broken.length ? `; ${broken.length} test(s) that passed now fail: ${broken.join(', ')}` : ''}${others.length ? `\n  ${others.join('\n  ')}` : ''}`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
const mean = totals.diffLines.length ? totals.diffLines.reduce((a, b) => a + b, 0) / totals.diffLines.length : 0;
console.log(`fix rate: ${totals.verified}/${totals.fixable} findings of fixable kinds verified = ${(100 * totals.verified / Math.max(1, totals.fixable)).toFixed(1)}% (goal >= 90%)`);
console.log(`after --apply: ${totals.broken} test(s) that passed before fail (goal 0)`);
console.log(`verified diffs: ${mean.toFixed(1)} changed lines on average, at most ${Math.max(0, ...totals.diffLines)}`);
