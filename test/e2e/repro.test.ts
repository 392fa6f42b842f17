// Issue 9 end to end: scenarios whose expect.json gives a finding a `reproduce` block with
// `replayAsPrinted` (the acceptance cases: the sleep race, the order pair) run through the CLI with
// reproducers on (and the checks scenarios.test.ts would make); the reproducer must hold what
// expect.json says and, spawned as `env K=V ... argv` in its cwd without flakescope, fail as promised.
// Then `flakescope repro` on the race and the order pair. repro-kinds.test.ts does the flaky and hang ones.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Finding } from '../../src/check/finding.js';
import type { Reproduce } from '../../src/check/reproduce.js';
import type { Report } from '../../src/report/model.js';
import { missingRequirement } from '../helpers/scenarios.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { checkReproducers, cli, reproScenarios } from './repro-check.js';

const outs = new Map<string, { out: string; report: Report }>();
t.teardown(() => { for (const { out } of outs.values()) rmSync(out, { recursive: true, force: true }); });

for (const scenario of reproScenarios(true)) {
  t.test(scenario.name, async (t) => {
    if (!requireOrSkip(t, missingRequirement(scenario.expect))) return;
    const { out, report } = checkReproducers(t, scenario);
    if (report) outs.set(scenario.name, { out, report });
    else rmSync(out, { recursive: true, force: true });
  });
}

const outOf = (name: string) => outs.get(name);
const idOf = (report: Report, kind: string): string | undefined => report.findings.find((f: Finding) => f.kind === kind)?.id;

t.test('flakescope repro: per-run pass/fail, a divergence line, exit 0 when reproduced', async (t) => {
  const race = outOf('timing-race-two-sleeps');
  if (!race) return t.fail('the race scenario did not run');
  const id = idOf(race.report, 'timing-sensitive') as string;
  const r = cli(['repro', race.out, id, '--runs', '3']);
  t.equal(r.status, 0, 'reproduced', { stdout: r.stdout, stderr: r.stderr });
  t.same(r.stdout.split('\n').filter((l) => /^replay \d\/3: /.test(l)).map((l) => l.split(':')[1]?.trim().split(' ')[0]), ['FAIL', 'FAIL', 'FAIL']);
  t.match(r.stdout, /first divergence after \d+ common event\(s\): passing \(original run \d+\) .*failing \(replay 1\)/);
});

t.test('flakescope repro: exit 1 when it does not reproduce, 2 for an unknown finding', async (t) => {
  const pair = outOf('order-dependent-pair');
  if (!pair) return t.fail('the order scenario did not run');
  const id = idOf(pair.report, 'order-dependent') as string;
  const copy = mkdtempSync(join(tmpdir(), 'flakescope-repro-copy-'));
  t.teardown(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(pair.out, copy, { recursive: true });
  // Without its polluter the victim passes: this reproducer no longer reproduces.
  const stored = JSON.parse(readFileSync(join(copy, 'reproducers.json'), 'utf8')) as Record<string, Reproduce>;
  const r = stored[id] as Reproduce;
  stored[id] = { ...r, argv: r.argv.filter((a) => a !== 'test_prices.PriceTests.test_b_switch_currency') };
  writeFileSync(join(copy, 'reproducers.json'), JSON.stringify(stored));
  const weak = cli(['repro', copy, id, '--runs', '2']);
  t.equal(weak.status, 1, 'not reproduced', { stdout: weak.stdout });
  t.match(weak.stdout, /replay 2\/2: pass/);
  t.match(weak.stdout, /no replay failed/);
  const unknown = cli(['repro', copy, 'flaky:000000000000']);
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, id, 'lists the ids that have a reproducer');
});

t.test('flakescope merge carries the shards\' reproducers: the most reliable per finding, a broken file a warning', async (t) => {
  const race = outOf('timing-race-two-sleeps');
  if (!race) return t.fail('the race scenario did not run');
  const id = idOf(race.report, 'timing-sensitive') as string;
  const strong = race.report.findings.find((f: Finding) => f.id === id)?.evidence.reproduce as Reproduce;
  const work = mkdtempSync(join(tmpdir(), 'flakescope-repro-merge-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const [weak, same, broken] = ['weak', 'same', 'broken'].map((n) => join(work, n)) as [string, string, string];
  for (const dir of [weak, same, broken]) cpSync(race.out, dir, { recursive: true });
  writeFileSync(join(weak, 'reproducers.json'), JSON.stringify({ [id]: { ...strong, reliability: { failed: 1, runs: 10 } } }));
  writeFileSync(join(broken, 'reproducers.json'), 'not json');
  const merged = join(work, 'merged');
  const r = cli(['merge', '--quiet', '--out', merged, weak, same, broken]);
  t.equal(r.status, 1, 'the findings gate as in the shards', { stderr: r.stderr });
  const report = JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8')) as Report;
  t.same(report.findings.find((f: Finding) => f.id === id)?.evidence.reproduce, strong, 'the more reliable reproducer');
  t.ok(report.warnings.some((w) => w.where === broken && /reproducers are left out/.test(w.message)), 'the unreadable file is named');
});
