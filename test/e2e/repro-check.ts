// Shared by test/e2e/repro.test.ts and repro-kinds.test.ts: runs a scenario through the CLI with its
// reproducers on, checks the report as scenarios.test.ts would (scenario-check.ts), and each finding's
// evidence.reproduce against expect.json's `reproduce` block.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { Finding } from '../../src/check/finding.js';
import { reproduceOf, type Reproduce } from '../../src/check/reproduce.js';
import type { Report } from '../../src/report/model.js';
import { checkScenarioRun } from './scenario-check.js';
import { cliPath, commandFor, flagsFor, loadScenarios, runFlakescope, type ExpectedFinding, type Scenario } from '../helpers/scenarios.mjs';

export interface ReproduceExpect {
  minReliability?: number;
  /** The reproducer must be measured over 10 replays and, when under 90%, say so in the message. */
  honest?: boolean;
  /** The argv repeats the test (a rare flake under unittest). */
  repeats?: boolean;
  sleepSites?: string[];
  tests?: string[];
  env?: string[];
  replayAsPrinted?: { runs: number; minFailed: number };
}

/** Issue 9: a reported reliability comes from this many replays. */
const REPRO_RUNS = 10;
/** One replay as printed: the slowest scenario test takes about a second. */
const REPLAY_TIMEOUT_MS = 60_000;

/** Spawns `env K=V ... argv` in the reproducer's cwd, as a pasted line would run (our FLAKESCOPE_* dropped). */
function runAsPrinted(r: Reproduce): number | null {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FLAKESCOPE_')));
  const words = [...Object.entries(r.env).map(([k, v]) => `${k}=${v}`), ...r.argv];
  return spawnSync('env', words, { cwd: r.cwd, env, stdio: 'ignore', timeout: REPLAY_TIMEOUT_MS }).status;
}

export const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });


type WithReproduce = ExpectedFinding & { reproduce?: ReproduceExpect };
const reproduceBlocks = (s: Scenario): WithReproduce[] => (s.expect.findings as WithReproduce[]).filter((f) => f.reproduce);

/** Scenarios with at least one `reproduce` block; `asPrinted`: those that ask for replays as printed (or not). */
export function reproScenarios(asPrinted: boolean): Scenario[] {
  return loadScenarios().filter((s) => {
    const wanted = reproduceBlocks(s);
    return wanted.length > 0 && wanted.some((f) => f.reproduce?.replayAsPrinted !== undefined) === asPrinted;
  });
}

/** Runs the scenario (output folder left for the caller to remove) and checks its reproducers. */
export function checkReproducers(t: Test, scenario: Scenario): { out: string; report: Report | null } {
  const { name, dir, expect } = scenario;
  const wanted = reproduceBlocks(scenario);
  const out = mkdtempSync(join(tmpdir(), `flakescope-repro-${name}-`));
  const run = runFlakescope(commandFor(expect), { cwd: dir, out, flags: flagsFor(expect) });
  // The scenario's own checks too: scenarios.test.ts leaves these scenarios to this run.
  const report = checkScenarioRun(t, run, expect, out);
  if (!report) return { out, report: null };
  for (const w of wanted) {
    const finding: Finding | undefined = report.findings.find((f) => f.kind === w.kind && f.test === w.test);
    const r: Reproduce | null = finding ? reproduceOf(finding) : null;
    if (!finding || !r) {
      t.fail(`${w.kind} ${w.test}: no reproducer`, { findings: report.findings, stderr: run.stderr });
      continue;
    }
    const e = w.reproduce as ReproduceExpect;
    t.equal(r.reliability.runs, REPRO_RUNS, 'measured over REPRO_RUNS replays');
    t.match(run.stdout, `reproduce (failed ${r.reliability.failed} of ${r.reliability.runs} replays): cd `, 'the terminal shows the line');
    if (e.minReliability !== undefined) t.ok(r.reliability.failed >= e.minReliability * r.reliability.runs, `reliability ${r.reliability.failed}/${r.reliability.runs}`, { r });
    if (e.honest) {
      const weak = /its reproducer failed only \d+ of 10 replays/;
      if (r.reliability.failed < 0.9 * r.reliability.runs) t.match(finding.message, weak, 'a weak reproducer is said to be weak');
      else t.notMatch(finding.message, weak, 'a strong reproducer is not said to be weak');
    }
    if (e.sleepSites) t.same(Object.keys(JSON.parse(r.env.FLAKESCOPE_SLEEP_SITES ?? '{}')), e.sleepSites, 'names only the deciding sleep site');
    if (e.tests) t.same(r.argv.slice(-e.tests.length), e.tests, 'narrowed to these tests, in this order');
    if (e.tests) t.notOk(r.argv.some((a, i) => i < r.argv.length - e.tests!.length && a.startsWith('test_')), 'no other test named');
    if (e.repeats) t.ok(r.argv.filter((a) => a === w.test).length > 1, 'the test is repeated in one process', { argv: r.argv });
    for (const k of e.env ?? []) t.ok(k in r.env, `env sets ${k}`);
    t.same(Object.keys(r.env).filter((k) => k !== 'PYTHONPATH' && !k.startsWith('FLAKESCOPE_')), [], 'env holds only FLAKESCOPE_* and PYTHONPATH');
    if (e.replayAsPrinted) {
      let failed = 0;
      for (let i = 0; i < e.replayAsPrinted.runs; i++) if (runAsPrinted(r) !== 0) failed++;
      t.ok(failed >= e.replayAsPrinted.minFailed, `run as printed: failed ${failed} of ${e.replayAsPrinted.runs}`);
    }
  }
  return { out, report };
}
