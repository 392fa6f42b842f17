#!/usr/bin/env node
// Runs needed to expose (and, for the sleep race, localise) two bundled scenarios: plain reruns (no
// tracing, no perturbation) vs `flakescope run --runs auto`. Plain reruns cannot localise, so their
// count is "runs until the first failure" (capped); flakescope's is the shortest prefix of its runs
// whose re-analysis (`flakescope check`) gives the verdict. A run is one command start; since
// flakescope's runs can repeat tests in one process (the sweep repeats every quiet test 59 times),
// each line also gives the wall time both sides spent, so the ratio of runs is not read alone.
// Several trials per case (the flake is random), their means and the ratio of the means, measured now.
// Then the timing verdicts of issue 21, each in SESSIONS independent `--runs auto` sessions: the race
// of two sleeps on two threads, a bounded wait (a poll loop with a budget) and a thread-switch race
// with no sleep. Per case: how many sessions reached the right verdict, and the runs each needed.
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
/** Independent sessions per timing case: 10 turn "right in 9 of 10" into a count, not a guess. */
const SESSIONS = Number(process.env.SESSIONS ?? 10);

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

function flakescopeRuns(dir, cmd, found, flags = []) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'fs-bench-'));
  try {
    spawnSync(process.execPath, [cli, 'run', '--out', out, '--runs', 'auto', '--max-runs', '40', '--quiet', '--no-repro', ...flags, '--', ...cmd], { cwd: dir, stdio: 'ignore', env });
    const manifest = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    const final = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
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
      if (found(report)) return { runs: k, of: manifest.runs.length, seconds, sweep: prefix.find((r) => r.perturbation.sweep)?.perturbation.repeat, final };
    }
    return { runs: null, of: manifest.runs.length, final };
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

const sleepAt = (r, line) => r.sleeps.find((s) => s.site.line === line);
const errors = (r) => r.findings.filter((f) => f.severity === 'error');

const timingCases = [
  {
    name: 'two sleeps on two threads (timing-thread-sleep-race)', dir: 'scenarios/timing-thread-sleep-race', cmd: ['python3', '-m', 'unittest', '-q', 'test_result'], flags: [],
    goal: 'timing-sensitive at test_result.py:17, that sleep true (never false), the cosmetic one false',
    found: (r) => r.findings.some((f) => f.kind === 'timing-sensitive' && f.site?.line === 17) && sleepAt(r, 17)?.outcomeDependsOnIt === true && sleepAt(r, 22)?.outcomeDependsOnIt === false,
    wrongClaim: (r) => sleepAt(r, 17)?.outcomeDependsOnIt === false,
  },
  {
    name: 'bounded wait (timing-bounded-wait)', dir: 'scenarios/timing-bounded-wait', cmd: ['python3', '-m', 'unittest', '-q', 'test_jobs'], flags: ['--perturb', 'sleep-scale=0,3@test_jobs.py'],
    goal: 'a warning at the poll interval test_jobs.py:12 with its headroom, no error',
    found: (r) => errors(r).length === 0 && r.findings.some((f) => f.kind === 'timing-sensitive' && f.severity === 'warning' && f.site?.line === 12) && sleepAt(r, 12)?.role === 'poll-interval',
    wrongClaim: (r) => errors(r).length > 0,
  },
  {
    name: 'thread-switch race, no sleep (bench/cases/switch-race)', dir: 'bench/cases/switch-race', cmd: ['python3', '-m', 'unittest', '-q', 'test_counter'], flags: [],
    goal: 'test_parallel_adds timing-sensitive, test_single_add pass',
    found: (r) => r.tests.some((t) => t.id.endsWith('test_parallel_adds') && t.verdict === 'timing-sensitive') && r.tests.some((t) => t.id.endsWith('test_single_add') && t.verdict === 'pass'),
    wrongClaim: (r) => r.tests.some((t) => t.id.endsWith('test_single_add') && t.verdict !== 'pass'),
  },
];

if (SESSIONS > 0) {
  for (const c of timingCases) {
    const dir = path.join(root, c.dir);
    console.log(`${c.name} (${c.goal}), ${SESSIONS} session(s) of --runs auto${c.flags.length ? ` ${c.flags.join(' ')}` : ''}:`);
    const sessions = [];
    for (let i = 1; i <= SESSIONS; i++) {
      const s = flakescopeRuns(dir, c.cmd, c.found, c.flags);
      // Claims are judged on the session's own final report: a right verdict reached early must hold.
      const wrong = c.wrongClaim(s.final);
      const held = c.found(s.final);
      sessions.push({ ...s, wrong, held });
      console.log(`  session ${i}: ${s.runs === null ? `not reached in its ${s.of} runs` : `reached after ${s.runs} of ${s.of} runs (${s.seconds.toFixed(1)} s of runs)`}${held ? '' : '; the final report does not have it'}${wrong ? '; WRONG CLAIM in the final report' : ''}`);
    }
    const right = sessions.filter((s) => s.runs !== null && s.held);
    const wrongs = sessions.filter((s) => s.wrong).length;
    const meanRuns = right.length ? mean(right.map((s) => s.runs)).toFixed(1) : '-';
    const meanOf = mean(sessions.map((s) => s.of)).toFixed(1);
    console.log(`  right verdict in ${right.length} of ${SESSIONS} sessions (in the final report); runs to verdict ${meanRuns} on average (sessions ran ${meanOf} runs); wrong claims in ${wrongs} of ${SESSIONS}`);
  }
}
