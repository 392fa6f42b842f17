// The ground truth in each scenarios/<name>/expect.json holds without flakescope: every listed
// test exists and has the listed verdict under the plain runner, and no test is left unlisted.
// Scenarios whose verdicts are not plain outcomes (timing-sensitive, flaky, order-dependent, hang)
// state what plain runs give in `plain` (see scenarios/PERTURB-FIELDS.md).
import t from 'tap';
import { parseVerbose } from '../helpers/outcomes.mjs';
import { commandFor, loadScenarios, missingRequirement, runPlain } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';

const scenarios = loadScenarios();

t.test('there are at least 10 scenarios', async (t) => {
  t.ok(scenarios.length >= 10, `${scenarios.length} scenarios`);
});

/** A plain outcome outside the accepted ones, per test, plus tests the runner reported unlisted. */
function mismatches(outcomes: Record<string, string>, expected: Record<string, string | string[]>): string[] {
  const wrong = Object.entries(expected).flatMap(([id, accepted]) => {
    const ok = Array.isArray(accepted) ? accepted : [accepted];
    return ok.includes(outcomes[id] as string) ? [] : [`${id}: expected ${ok.join(' or ')}, got ${outcomes[id] ?? 'absent'}`];
  });
  return [...wrong, ...Object.keys(outcomes).filter((id) => !(id in expected)).map((id) => `${id}: not listed`)];
}

for (const { name, dir, expect } of scenarios) {
  t.test(name, async (t) => {
    if (expect.plain?.skip) {
      t.pass('no plain check', { skip: expect.plain.skip });
      return;
    }
    if (!requireOrSkip(t, missingRequirement(expect))) return;
    // A runner without per-test output (testtools.run) names a verbose runner for the same tests in plainCommand.
    const command = commandFor({ ...expect, command: expect.plainCommand ?? expect.command });
    const expected = expect.plain?.tests ?? expect.tests;
    const runs = expect.plain?.runs ?? 1;
    const wrong: string[] = [];
    for (let i = 0; i < runs; i++) {
      const { exitCode, output } = runPlain(command, dir);
      const outcomes = Object.fromEntries(parseVerbose(command, output)) as Record<string, string>;
      const anyFailed = Object.values(outcomes).some((o) => o !== 'pass' && o !== 'skip');
      wrong.push(...mismatches(outcomes, expected).map((w) => `run ${i + 1}: ${w}`));
      if (exitCode !== (anyFailed ? 1 : 0)) wrong.push(`run ${i + 1}: runner exit code ${exitCode} with outcomes ${JSON.stringify(outcomes)}`);
    }
    t.same(wrong, [], `per-test outcomes under the plain runner, ${runs} run(s)`);
  });
}
