#!/usr/bin/env node
// Runs needed to expose AND localise the sleep race of test/fixtures/reruns/test_race.py:
// plain reruns (no tracing, no perturbation) vs `flakescope run --runs auto`. Plain reruns cannot
// localise at all, so their count is "runs until the first failure" (capped); flakescope's count is the
// first run prefix whose re-analysis names the deciding sleep line. Prints both and the ratio.
// The ~5% flake is not measured here yet (see the report of the reruns branch).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, cpSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fixture = path.join(root, 'test/fixtures/reruns');
const cli = path.join(root, 'dist/cli.js');
/** Plain reruns stop here: the acceptance case passes 30 of 30, so 60 is twice that. */
const PLAIN_CAP = Number(process.env.PLAIN_CAP ?? 60);
const cmd = ['python3', '-m', 'unittest', '-q', 'test_race'];

let plain = 0;
let plainFailed = false;
while (plain < PLAIN_CAP && !plainFailed) {
  plain++;
  plainFailed = spawnSync(cmd[0], cmd.slice(1), { cwd: fixture, stdio: 'ignore' }).status !== 0;
}

const out = mkdtempSync(path.join(os.tmpdir(), 'fs-bench-'));
spawnSync('node', [cli, 'run', '--out', out, '--runs', 'auto', '--max-runs', '40', '--quiet', '--', ...cmd], { cwd: fixture, stdio: 'ignore' });
const manifest = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
let needed = null;
for (let k = 1; k <= manifest.runs.length && needed === null; k++) {
  const sub = mkdtempSync(path.join(os.tmpdir(), 'fs-bench-k-'));
  mkdirSync(path.join(sub, 'traces'));
  for (let i = 0; i < k; i++) cpSync(path.join(out, 'traces', String(i)), path.join(sub, 'traces', String(i)), { recursive: true });
  writeFileSync(path.join(sub, 'run.json'), JSON.stringify({ ...manifest, runs: manifest.runs.slice(0, k) }));
  spawnSync('node', [cli, 'check', sub, '--quiet'], { stdio: 'ignore' });
  const report = JSON.parse(readFileSync(path.join(sub, 'report.json'), 'utf8'));
  const f = report.findings.find((x) => x.kind === 'timing-sensitive' && x.site?.line === 17);
  if (f) needed = k;
  rmSync(sub, { recursive: true, force: true });
}
rmSync(out, { recursive: true, force: true });
const plainText = plainFailed ? `${plain} (exposed, not localised)` : `>${PLAIN_CAP} (never exposed, never localised)`;
console.log(`sleep race: plain reruns ${plainText}; flakescope ${needed ?? 'not localised'} runs (exposed and localised at test_race.py:17)`);
if (needed !== null) console.log(`ratio: ${plainFailed ? '' : '>='}${(plain / needed).toFixed(1)}x fewer runs`);
