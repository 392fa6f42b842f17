// Issue 9 end to end for the kinds whose reproducer is honest rather than sure: the ~5% flake
// (repeated in one process) and the hang one run in three (with its hang limit in the env). Each
// scenario runs through the CLI with reproducers on; see repro-check.ts for what is checked.
import { rmSync } from 'node:fs';
import t from 'tap';
import { missingRequirement } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { checkReproducers, reproScenarios } from './repro-check.js';

for (const scenario of reproScenarios(false)) {
  t.test(scenario.name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(scenario.expect))) return;
    const { out } = checkReproducers(t, scenario);
    rmSync(out, { recursive: true, force: true });
  });
}
