#!/usr/bin/env node
// Runs needed to expose (and, for the sleep race, localise) two bundled scenarios: plain reruns (no
// tracing, no perturbation) vs `flakescope run --runs auto`. Plain reruns cannot localise, so their
// count is "runs until the first failure" (capped); flakescope's is the shortest prefix of its runs
// whose re-analysis (`flakescope check`) gives the verdict. A run is one command start; since
// flakescope's runs can repeat tests in one process (the sweep repeats every quiet test 59 times),
// each line also gives the wall time both sides spent, so the ratio of runs is not read alone.
// Several trials per case (the flake is random), their means and the ratio of the means, measured now.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/cli.js');
/** Plain reruns stop here: 60 is twice the 30 plain passes of the acceptance case; a 5% flake fails
 *  within 60 runs 95% of the time. */
const PLAIN_CAP = Number(process.env.PLAIN_CAP ?? 60);
/** Trials of the ~5% flake: it is random, so one trial says little; 5 keep the bench near a minute. */
const FLAKE_TRIALS = Number(process.env.FLAKE_TRIALS ?? 5);
/** The sleep race is deterministic under flakescope and costs ~1 s a plain run: one trial. */
const RACE_TRIALS = Number(process.env.RACE_TRIALS ?? 1);
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

const cases = [
  {
    name: 'sleep race (timing-sleep-race)', dir: 'scenarios/timing-sleep-race', cmd: ['python3', '-m', 'unittest', '-q', 'test_race'], trials: RACE_TRIALS,
    goal: 'exposed and localised at test_race.py:13',
    found: (r) => r.findings.some((f) => f.kind === 'timing-sensitive' && f.site?.line === 13),
  },
  {
    name: '~5% flake (flaky-probabilistic)', dir: 'scenarios/flaky-probabilistic', cmd: ['python3', '-m', 'unittest', '-q', 'test_dice'], trials: FLAKE_TRIALS,
    goal: 'verdict flaky', failureRate: 0.05,
    found: (r) => r.tests.some((t) => t.id.endsWith('test_within_retry_budget') && t.verdict === 'flaky'),
  },
];

function plainRuns(dir, cmd) {
  const started = Date.now();
  for (let n = 1; n <= PLAIN_CAP; n++) {
    if (spawnSync(cmd[0], cmd.slice(1), { cwd: dir, stdio: 'ignore', env }).status !== 0) return { runs: n, exposed: true, seconds: (Date.now() - started) / 1000 };
  }
  return { runs: PLAIN_CAP, exposed: false, seconds: (Date.now() - started) / 1000 };
}

function flakescopeRuns(dir, cmd, found) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'fs-bench-'));
  try {
    spawnSync(process.execPath, [cli, 'run', '--out', out, '--runs', 'auto', '--max-runs', '40', '--quiet', '--', ...cmd], { cwd: dir, stdio: 'ignore', env });
    const manifest = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    for (let k = 1; k <= manifest.runs.length; k++) {
      const sub = mkdtempSync(path.join(os.tmpdir(), 'fs-bench-k-'));
      mkdirSync(path.join(sub, 'traces'));
      for (let i = 0; i < k; i++) cpSync(path.join(out, 'traces', String(i)), path.join(sub, 'traces', String(i)), { recursive: true });
      writeFileSync(path.join(sub, 'run.json'), JSON.stringify({ ...manifest, runs: manifest.runs.slice(0, k) }));
      spawnSync(process.execPath, [cli, 'check', sub, '--quiet'], { stdio: 'ignore' });
      const report = JSON.parse(readFileSync(path.join(sub, 'report.json'), 'utf8'));
      rmSync(sub, { recursive: true, force: true });
      const prefix = manifest.runs.slice(0, k);
      const seconds = prefix.reduce((s, r) => s + r.durationMs, 0) / 1000;
      if (found(report)) return { runs: k, of: manifest.runs.length, seconds, sweep: prefix.find((r) => r.perturbation.sweep)?.perturbation.repeat };
    }
    return { runs: null, of: manifest.runs.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const c of cases) {
  if (c.trials < 1) continue;
  const dir = path.join(root, c.dir);
  console.log(`${c.name} (${c.goal}), ${c.trials} trial(s):`);
  const plains = [];
  const scopes = [];
  for (let i = 1; i <= c.trials; i++) {
    const plain = plainRuns(dir, c.cmd);
    const fs = flakescopeRuns(dir, c.cmd, c.found);
    plains.push(plain);
    scopes.push(fs);
    const plainText = plain.exposed ? `${plain.runs} (exposed, not localised)` : `>${PLAIN_CAP} (never exposed)`;
    const fsText = fs.runs === null ? `not within its ${fs.of}` : `${fs.runs} of ${fs.of}`;
    const sweepText = fs.sweep ? `, sweep of ${fs.sweep} repeats among them` : '';
    console.log(`  trial ${i}: plain reruns ${plainText} in ${plain.seconds.toFixed(1)} s; flakescope ${fsText} runs${fs.runs === null ? '' : ` in ${fs.seconds.toFixed(1)} s of runs${sweepText}`}`);
  }
  const found = scopes.filter((s) => s.runs !== null);
  const censored = plains.filter((p) => !p.exposed).length;
  // A plain trial that never failed counts as PLAIN_CAP runs: the mean and ratio are then lower bounds.
  const atLeast = censored > 0 ? '>=' : '';
  const plainMean = mean(plains.map((p) => p.runs));
  const plainSeconds = mean(plains.map((p) => p.seconds));
  if (found.length === 0) {
    console.log(`  mean: plain reruns ${atLeast}${plainMean.toFixed(1)} runs (${plainSeconds.toFixed(1)} s); flakescope exposed it in none of ${c.trials} trials`);
    continue;
  }
  const fsMean = mean(found.map((s) => s.runs));
  const fsSeconds = mean(found.map((s) => s.seconds));
  console.log(`  mean: plain reruns ${atLeast}${plainMean.toFixed(1)} runs (${plainSeconds.toFixed(1)} s, ${c.trials - censored} of ${c.trials} exposed); flakescope ${fsMean.toFixed(1)} runs (${fsSeconds.toFixed(1)} s of runs, ${found.length} of ${c.trials} exposed)`);
  // Few trials of a geometric count scatter widely; the expectation says what they estimate.
  if (c.failureRate) console.log(`  (plain reruns need 1/${c.failureRate} = ${(1 / c.failureRate).toFixed(0)} runs on average to expose a ${c.failureRate * 100}% flake)`);
  console.log(`  ratio: ${atLeast}${(plainMean / fsMean).toFixed(1)}x fewer runs, ${atLeast}${(plainSeconds / fsSeconds).toFixed(1)}x less run time with flakescope (means over trials; flakescope's misses left out of its mean)`);
}
