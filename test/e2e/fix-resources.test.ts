// flakescope fix end to end on every other scenario with a fix block (fix-check.ts): resources,
// process state and order dependence.
import t from 'tap';
import { checkFixScenario, fixScenarios, PATCH_SCENARIOS } from './fix-check.js';

for (const s of fixScenarios().filter((x) => !PATCH_SCENARIOS.includes(x.name))) checkFixScenario(t, s);
