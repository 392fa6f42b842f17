#!/usr/bin/env node
// `npm run demo`: a short tour, one bundled scenario per kind of defect flakescope explains (a leaked
// patch with its victims, leaked resources, a race decided by one sleep, an order dependence with its
// polluter), each with its findings in full, ending with where the HTML reports are.
// `npm run demo -- --all`: every bundled unittest scenario that needs nothing but Node and python3,
// with the flags its expect.json gives, then one line per scenario comparing findings with expect.json.
// Exit 0 when every scenario ran and, in the short tour, showed the finding it is there for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cliPath, commandFor, compareFindings, loadScenarios, missingRequirement, repoRoot } from '../test/helpers/scenarios.mjs';

// Reports stay inspectable after the demo; .flakescope/ is git-ignored.
const demoOut = join(repoRoot, '.flakescope', 'demo');

// The short tour. Its flags trade the full plan for speed: one perturbation family each (the one that
// exposes the defect) and no replayed reproducer; `--all` runs the scenarios with their own flags.
const TOUR = [
  {
    scenario: 'patch-object-cross-module-victims',
    title: 'a mock patch started and never stopped, and the later tests that called it',
    kind: 'leaked-patch',
    flags: [],
  },
  {
    scenario: 'leak-unittest-resources',
    title: 'a thread, a file, an env var and a child process that outlive their test',
    kind: 'leaked-thread',
    flags: [],
  },
  {
    scenario: 'timing-sleep-race',
    title: 'a race decided by one sleep: which one, out of the suite\'s sleeps',
    kind: 'timing-sensitive',
    flags: ['--runs', 'auto', '--perturb', 'sleep-scale=0,3', '--no-repro'],
  },
  {
    scenario: 'order-dependent-pair',
    title: 'a test that fails after another one, and which one',
    kind: 'order-dependent',
    flags: ['--runs', 'auto', '--perturb', 'order=reverse', '--no-repro'],
  },
];

// Only plain unittest suites on python3: no pytest, fixtures or venv needed.
const isDemoScenario = ({ expect }) =>
  expect.python === 'python3' && (expect.requires ?? []).length === 0 && expect.command.includes('unittest');

function checkPrerequisites() {
  if (!existsSync(cliPath)) {
    console.error(`flakescope is not built (${cliPath} missing): run \`npm ci\` first.`);
    process.exit(2);
  }
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (python.error || python.status !== 0) {
    console.error('The demo needs python3 on PATH.');
    process.exit(2);
  }
}

/** Runs flakescope over one scenario; returns {report, status} or {problem}. */
function runScenario({ name, dir, expect }, flags, { showTestOutput }) {
  const out = join(demoOut, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const command = commandFor(expect);
  const args = ['run', '--out', out, '--history', 'off', ...flags, '--', ...command];
  console.log(`$ flakescope ${args.map((a) => (a === out ? relative(process.cwd(), out) || '.' : a)).join(' ')}\n`);
  const run = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: dir,
    // The short tour hides the suite's own output and flakescope's progress lines (kept in
    // <out>/demo.log) so each finding stays on screen.
    stdio: showTestOutput ? 'inherit' : ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!showTestOutput && run.stderr) writeFileSync(join(out, 'demo.log'), run.stderr);
  const reportPath = join(out, 'report.json');
  if (run.error || run.status === null || run.status >= 2 || !existsSync(reportPath)) {
    if (!showTestOutput && run.stderr) process.stderr.write(run.stderr);
    return { problem: `flakescope did not complete (exit ${run.status ?? run.signal ?? run.error?.message})` };
  }
  return { report: JSON.parse(readFileSync(reportPath, 'utf8')), status: run.status, out };
}

function shortTour() {
  const byName = new Map(loadScenarios().map((s) => [s.name, s]));
  const reports = [];
  let broken = 0;
  const started = Date.now();
  for (const [i, stop] of TOUR.entries()) {
    const scenario = byName.get(stop.scenario);
    console.log(`\n=== ${i + 1}/${TOUR.length} ${stop.kind}: ${stop.title}`);
    console.log(`    (scenarios/${stop.scenario}: ${scenario.expect.description})`);
    const result = runScenario(scenario, [...stop.flags, '--verbose', '--format', 'terminal,json,html'], { showTestOutput: false });
    if (result.problem) {
      broken += 1;
      console.log(`${stop.scenario}: ${result.problem}`);
      continue;
    }
    const shown = (result.report.findings ?? []).some((f) => f.kind === stop.kind);
    if (!shown) {
      broken += 1;
      console.log(`${stop.scenario}: no ${stop.kind} finding this time (see ${join(result.out, 'demo.log')})`);
    }
    reports.push(join(result.out, 'report.html'));
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n=== done in ${seconds} s. HTML reports (open one in a browser):`);
  for (const path of reports) console.log(`  ${relative(process.cwd(), path)}`);
  console.log('Every bundled scenario with its expected findings: npm run demo -- --all');
  console.log('On your own suite: npx flakescope run -- python -m pytest');
  return broken;
}

function fullTour() {
  const lines = [];
  let broken = 0;
  // Leak scenarios take a second each; rerun scenarios (flakescopeArgs such as --runs auto) take up
  // to a minute or two each, so they come last.
  const reruns = (s) => (s.expect.flakescopeArgs ?? []).length > 0;
  const scenarios = loadScenarios().filter(isDemoScenario);
  for (const scenario of [...scenarios.filter((s) => !reruns(s)), ...scenarios.filter(reruns)]) {
    const { name, expect } = scenario;
    const missing = missingRequirement(expect);
    if (missing) {
      lines.push(`${name}: skipped, ${missing}`);
      continue;
    }
    console.log(`\n=== ${name}: ${expect.description}`);
    const result = runScenario(scenario, expect.flakescopeArgs ?? [], { showTestOutput: true });
    if (result.problem) {
      broken += 1;
      lines.push(`${name}: ${result.problem}`);
      continue;
    }
    const cmp = compareFindings(result.report, expect);
    const verdict = cmp.missing.length === 0 && cmp.unexpected.length === 0 ? 'as expected' : 'DIFFERS from expect.json';
    lines.push(
      `${name}: ${cmp.found}/${cmp.expected} expected findings found, ${cmp.unexpected.length} unexpected, exit ${result.status} (expected ${expect.exitCode}): ${verdict}`,
    );
  }
  console.log('\n=== flakescope demo: findings found vs expected');
  for (const line of lines) console.log(line);
  console.log(`Reports: ${demoOut}/<scenario>/report.json`);
  return broken;
}

const unknown = process.argv.slice(2).filter((a) => a !== '--all');
if (unknown.length > 0) {
  console.error(`Unknown argument(s): ${unknown.join(' ')}. Usage: npm run demo [-- --all]`);
  process.exit(2);
}
checkPrerequisites();
const broken = process.argv.includes('--all') ? fullTour() : shortTour();
process.exit(broken > 0 ? 1 : 0);
