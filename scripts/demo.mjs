#!/usr/bin/env node
// `npm run demo`: runs flakescope over the bundled unittest scenarios that need nothing but Node
// and the system python3, shows each run's summary, then one line per scenario comparing the
// findings with the scenario's expect.json. Exit 0 when every scenario ran (whatever it found).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, commandFor, compareFindings, loadScenarios, missingRequirement, repoRoot } from './lib/scenarios.mjs';

// Reports stay inspectable after the demo; .flakescope/ is git-ignored.
const demoOut = join(repoRoot, '.flakescope', 'demo');

// Only plain unittest suites on python3: no pytest, fixtures or venv needed.
const isDemoScenario = ({ expect }) =>
  expect.python === 'python3' && (expect.requires ?? []).length === 0 && expect.command.includes('unittest');

if (!existsSync(cliPath)) {
  console.error(`flakescope is not built (${cliPath} missing): run \`npm ci\` first.`);
  process.exit(2);
}
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
if (python.error || python.status !== 0) {
  console.error('The demo needs python3 on PATH.');
  process.exit(2);
}

const lines = [];
let broken = 0;
// Leak scenarios take a second each; rerun scenarios (flakescopeArgs such as --runs auto) take up to
// a minute or two each, so they come last.
const reruns = (s) => (s.expect.flakescopeArgs ?? []).length > 0;
const scenarios = loadScenarios().filter(isDemoScenario);
for (const scenario of [...scenarios.filter((s) => !reruns(s)), ...scenarios.filter(reruns)]) {
  const { name, dir, expect } = scenario;
  const missing = missingRequirement(expect);
  if (missing) {
    lines.push(`${name}: skipped, ${missing}`);
    continue;
  }
  const out = join(demoOut, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(demoOut, { recursive: true });
  const command = commandFor(expect);
  const flags = expect.flakescopeArgs ?? [];
  console.log(`\n=== ${name}: ${expect.description}`);
  console.log(`$ flakescope run --out ${out} ${[...flags, '--', ...command].join(' ')}\n`);
  const run = spawnSync(process.execPath, [cliPath, 'run', '--out', out, ...flags, '--', ...command], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const reportPath = join(out, 'report.json');
  if (run.error || run.status === null || run.status >= 2 || !existsSync(reportPath)) {
    broken += 1;
    lines.push(`${name}: flakescope did not complete (exit ${run.status ?? run.signal})`);
    continue;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const cmp = compareFindings(report, expect);
  const verdict = cmp.missing.length === 0 && cmp.unexpected.length === 0 ? 'as expected' : 'DIFFERS from expect.json';
  lines.push(
    `${name}: ${cmp.found}/${cmp.expected} expected findings found, ${cmp.unexpected.length} unexpected, exit ${run.status} (expected ${expect.exitCode}): ${verdict}`,
  );
}

console.log('\n=== flakescope demo: findings found vs expected');
for (const line of lines) console.log(line);
console.log(`Reports: ${demoOut}/<scenario>/report.json`);
process.exit(broken > 0 ? 1 : 0);
