#!/usr/bin/env node
// Regenerates docs/report-screenshot.png from a real run: flakescope over a bundled scenario with
// --format html, the report opened in headless Debian chromium. Needs a built dist/ and chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { cliPath, commandFor, loadScenarios, repoRoot } from '../test/helpers/scenarios.mjs';

const SCENARIO = process.argv[2] ?? 'unittest-two-leaks-mixed';
const CHROMIUM = process.env.FLAKESCOPE_CHROMIUM ?? '/usr/bin/chromium';

const scenario = loadScenarios().find((s) => s.name === SCENARIO);
if (!scenario) {
  console.error(`no scenario named ${SCENARIO}`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'flakescope-screenshot-'));
try {
  const out = join(work, 'out');
  const run = spawnSync(process.execPath, [cliPath, 'run', '--quiet', '--out', out, '--format', 'html', '--', ...commandFor(scenario.expect)], {
    cwd: scenario.dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (run.status !== 0 && run.status !== 1) {
    console.error(`flakescope run failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(3);
  }
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1200, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    const target = join(repoRoot, 'docs', 'report-screenshot.png');
    await page.screenshot({ path: target, fullPage: false });
    console.log(`wrote ${target} from scenarios/${SCENARIO}`);
  } finally {
    await context.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
