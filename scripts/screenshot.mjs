#!/usr/bin/env node
// Regenerates the report screenshots in docs/ from real runs: flakescope over bundled scenarios with
// --format html, each report opened in headless Debian chromium. Needs a built dist/ and chromium.
// `npm run screenshot` makes all of them; `npm run screenshot -- NAME` only the one named.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { cliPath, commandFor, loadScenarios, repoRoot } from '../test/helpers/scenarios.mjs';

const CHROMIUM = process.env.FLAKESCOPE_CHROMIUM ?? '/usr/bin/chromium';
// Chromium's background services try the network at every start, which this project's machines refuse.
const QUIET_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Each shot: the scenario, flakescope's flags, and the heading the screenshot starts at (null: the top).
const SHOTS = {
  'report-screenshot': { scenario: 'unittest-two-leaks-mixed', flags: [], from: null },
  'report-leak': { scenario: 'leak-unittest-resources', flags: [], from: 'Findings' },
  'report-timing': { scenario: 'timing-sleep-race', flags: ['--runs', 'auto', '--perturb', 'sleep-scale=0,3', '--no-repro'], from: 'Findings' },
};

const only = process.argv[2];
if (only !== undefined && !(only in SHOTS)) {
  console.error(`no screenshot named ${only} (known: ${Object.keys(SHOTS).join(', ')})`);
  process.exit(2);
}
const scenarios = new Map(loadScenarios().map((s) => [s.name, s]));
const work = mkdtempSync(join(tmpdir(), 'flakescope-screenshot-'));
try {
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1200, height: 1000 }, args: QUIET_FLAGS,
  });
  try {
    for (const [name, shot] of Object.entries(SHOTS)) {
      if (only !== undefined && name !== only) continue;
      const scenario = scenarios.get(shot.scenario);
      const out = join(work, name);
      const run = spawnSync(process.execPath, [cliPath, 'run', '--quiet', '--history', 'off', '--out', out, '--format', 'html', ...shot.flags, '--', ...commandFor(scenario.expect)], {
        cwd: scenario.dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
      if (run.status !== 0 && run.status !== 1) {
        console.error(`flakescope run failed (exit ${run.status}):\n${run.stderr}`);
        process.exit(3);
      }
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
      if (shot.from !== null) {
        await page.evaluate((text) => {
          const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent === text);
          window.scrollTo(0, heading ? heading.getBoundingClientRect().top + window.scrollY - 8 : 0);
        }, shot.from);
      }
      const target = join(repoRoot, 'docs', `${name}.png`);
      await page.screenshot({ path: target, fullPage: false });
      await page.close();
      console.log(`wrote ${target} from scenarios/${shot.scenario}`);
    }
  } finally {
    await context.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
