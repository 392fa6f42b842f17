#!/usr/bin/env node
// Runs needed to expose (and, for the sleep race, localise) two bundled scenarios: plain reruns (no
// tracing, no perturbation) vs `flakescope run --runs auto`. Plain reruns cannot localise, so their
// count is "runs until the first failure" (capped); flakescope's is the shortest prefix of its runs
// whose re-analysis (`flakescope check`) gives the verdict. Prints both and their ratio, measured now.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/cli.js');
/** Plain reruns stop here: 60 is twice the 30 plain passes of the acceptance case; a 5% flake fails
 *  within 60 runs 95% of the time. */
const PLAIN_CAP = Number(process.env.PLAIN_CAP ?? 60);
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

const cases = [
  {
    name: 'sleep race (timing-sleep-race)', dir: 'scenarios/timing-sleep-race', cmd: ['python3', '-m', 'unittest', '-q', 'test_race'],
    goal: 'exposed and localised at test_race.py:13',
    found: (r) => r.findings.some((f) => f.kind === 'timing-sensitive' && f.site?.line === 13),
  },
  {
    name: '~5% flake (flaky-probabilistic)', dir: 'scenarios/flaky-probabilistic', cmd: ['python3', '-m', 'unittest', '-q', 'test_dice'],
    goal: 'verdict flaky',
    found: (r) => r.tests.some((t) => t.id.endsWith('test_within_retry_budget') && t.verdict === 'flaky'),
  },
];

function plainRuns(dir, cmd) {
  for (let n = 1; n <= PLAIN_CAP; n++) {
    if (spawnSync(cmd[0], cmd.slice(1), { cwd: dir, stdio: 'ignore', env }).status !== 0) return { runs: n, exposed: true };
  }
  return { runs: PLAIN_CAP, exposed: false };
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
      if (found(report)) return { runs: k, of: manifest.runs.length };
    }
    return { runs: null, of: manifest.runs.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

for (const c of cases) {
  const dir = path.join(root, c.dir);
  const plain = plainRuns(dir, c.cmd);
  const fs = flakescopeRuns(dir, c.cmd, c.found);
  const plainText = plain.exposed ? `${plain.runs} (exposed, not localised)` : `>${PLAIN_CAP} (never exposed)`;
  console.log(`${c.name}: plain reruns ${plainText}; flakescope ${fs.runs ?? `not within its ${fs.of}`} runs (${c.goal})`);
  if (fs.runs !== null) console.log(`  ratio: ${plain.exposed ? '' : '>='}${(plain.runs / fs.runs).toFixed(1)}x fewer runs with flakescope`);
}
