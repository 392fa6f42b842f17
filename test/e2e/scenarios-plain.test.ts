// The ground truth in each scenarios/<name>/expect.json holds without flakescope: every listed
// test exists and has the listed verdict under the plain runner, and no test is left unlisted.
import t from 'tap';
import { parseVerbose } from '../../scripts/lib/outcomes.mjs';
import { commandFor, loadScenarios, missingRequirement, runPlain } from '../../scripts/lib/scenarios.mjs';
import { requireOrSkip } from '../../scripts/lib/requirements.mjs';

const scenarios = loadScenarios();

t.test('there are at least 10 scenarios', async (t) => {
  t.ok(scenarios.length >= 10, `${scenarios.length} scenarios`);
});

for (const { name, dir, expect } of scenarios) {
  t.test(name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(expect))) return;
    // A runner without per-test output (testtools.run) names a verbose runner for the same tests in plainCommand.
    const command = commandFor({ ...expect, command: expect.plainCommand ?? expect.command });
    const { exitCode, output } = runPlain(command, dir);
    const outcomes = Object.fromEntries(parseVerbose(command, output));
    t.same(outcomes, expect.tests, 'per-test outcomes under the plain runner', { output });
    const anyFailed = Object.values(expect.tests).some((verdict) => verdict !== 'pass');
    t.equal(exitCode, anyFailed ? 1 : 0, 'runner exit code');
  });
}
