#!/usr/bin/env node
// Proves a change to the trace reader or the analyses leaves every scenario's report unchanged:
// `record` runs each runnable scenario once under flakescope into a cache folder; `compare OLD_CLI`
// re-analyses each recorded run with `flakescope check` from OLD_CLI and from this tree's dist/ and
// compares the two report.json files (timings aside), junit.xml and report.html. Same traces on both sides, so any difference
// is the code's.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, commandFor, flagsFor, loadScenarios, missingRequirement } from '../test/helpers/scenarios.mjs';

/** Fields that measure time: they differ between two analyses of the same traces only by float order. */
const TIMING_KEYS = new Set(['durationMs', 'totalMs', 'secondsPerRun', 'shareOfTestTime', 'share', 'createdMs', 'seenMs']);

const [verb, arg, cacheArg] = process.argv.slice(2);
const cache = cacheArg ?? join(process.env.TMPDIR ?? '/tmp', 'flakescope-parity');

function withoutTimings(value) {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !TIMING_KEYS.has(k)).map(([k, v]) => [k, withoutTimings(v)]));
  }
  return value;
}

function record() {
  mkdirSync(cache, { recursive: true });
  for (const { name, dir, expect } of loadScenarios()) {
    const missing = missingRequirement(expect);
    if (missing) {
      console.log(`${name}: skipped, ${missing}`);
      continue;
    }
    const out = join(cache, name);
    rmSync(out, { recursive: true, force: true });
    const started = Date.now();
    const r = spawnSync(process.execPath, [cliPath, 'run', '--quiet', '--out', out, ...flagsFor(expect), '--', ...commandFor(expect)], {
      cwd: dir, stdio: 'ignore', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    console.log(`${name}: recorded (exit ${r.status}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

function checkWith(cli, from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const r = spawnSync(process.execPath, [cli, 'check', to, '--quiet', '--format', 'json,junit,html'], { encoding: 'utf8' });
  const read = (name) => (existsSync(join(to, name)) ? readFileSync(join(to, name), 'utf8') : null);
  const json = read('report.json');
  return { status: r.status, report: json === null ? null : withoutTimings(JSON.parse(json)), junit: read('junit.xml'), html: read('report.html') };
}

function compare(oldCli) {
  let differ = 0;
  for (const { name } of loadScenarios()) {
    const recorded = join(cache, name);
    if (!existsSync(join(recorded, 'traces'))) continue;
    const before = checkWith(oldCli, recorded, join(cache, '.before', name));
    const after = checkWith(cliPath, recorded, join(cache, '.after', name));
    const differs = [
      before.status !== after.status && `exit ${before.status} vs ${after.status}`,
      JSON.stringify(before.report) !== JSON.stringify(after.report) && 'report.json',
      before.junit !== after.junit && 'junit.xml',
      before.html !== after.html && 'report.html',
    ].filter(Boolean);
    if (differs.length > 0) differ += 1;
    console.log(`${name}: ${differs.length === 0 ? 'same' : `DIFFERS (${differs.join(', ')}); see ${join(cache, '.before', name)} and .after`}`);
  }
  console.log(differ === 0 ? 'every recorded scenario gives the same report' : `${differ} scenario(s) differ`);
  process.exitCode = differ === 0 ? 0 : 1;
}

if (verb === 'record') record();
else if (verb === 'compare' && arg) compare(arg);
else {
  console.error('usage: check-parity.mjs record [_ CACHE] | compare OLD_CLI [CACHE]');
  process.exitCode = 2;
}
