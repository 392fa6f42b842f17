// Every scenario through the built CLI with its flakescopeArgs: report.json must match expect.json
// (scenario-check.ts). Scenarios whose findings have a `reproduce` block are run once, with their
// reproducers, by repro.test.ts and repro-kinds.test.ts, and those with a `fix` block by
// fix-patches.test.ts and fix-resources.test.ts, which make the same checks on their runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { commandFor, flagsFor, loadScenarios, missingRequirement, runFlakescope } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { fixScenarios } from './fix-check.js';
import { reproScenarios } from './repro-check.js';
import { checkScenarioRun } from './scenario-check.js';

const checkedElsewhere = new Set([...reproScenarios(true), ...reproScenarios(false), ...fixScenarios()].map((s) => s.name));

for (const { name, dir, expect } of loadScenarios().filter((s) => !checkedElsewhere.has(s.name))) {
  t.test(name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(expect))) return;
    const out = mkdtempSync(join(tmpdir(), `flakescope-e2e-${name}-`));
    t.teardown(() => rmSync(out, { recursive: true, force: true }));
    const run = runFlakescope(commandFor(expect), { cwd: dir, out, flags: [...flagsFor(expect), '--no-repro'] });
    checkScenarioRun(t, run, expect, out);
  });
}
