// flakescope fix end to end on the patch, timing and must-fail scenarios (fix-check.ts).
import t from 'tap';
import { checkFixScenario, fixScenarios, PATCH_SCENARIOS } from './fix-check.js';

for (const s of fixScenarios().filter((x) => PATCH_SCENARIOS.includes(x.name))) checkFixScenario(t, s);
