#!/usr/bin/env node
// Analysis cost: `flakescope check` on traces of ~840k and ~10M events from a real synthetic suite
// (bench/lib/synthetic-traces.mjs; generated once, ~2 and ~25 minutes, then reused from bench/.cache),
// printing events, wall time and peak RSS of each (min of TRIALS) and the per-million ratios, which
// stay flat when the cost grows linearly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { cli, ensureTraces } from './lib/synthetic-traces.mjs';

/** Trace sizes: the issue's ~840k-event goal, and ~10M to show growth. BENCH_EVENTS overrides. */
const SIZES = (process.env.BENCH_EVENTS ?? '840000,10000000').split(',').map(Number);
/** Checks per size; the minimum is reported, since other work on the machine only ever adds time. */
const TRIALS = Number(process.env.BENCH_TRIALS ?? 2);
const TIME = '/usr/bin/time';

/** One `flakescope check DIR`: wall seconds and peak RSS (MiB) of the child, from GNU time. */
function checkOnce(dir) {
  const r = spawnSync(TIME, ['-f', '%e %M', process.execPath, cli, 'check', dir, '--quiet', '--fail-on', 'never'], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb] = last.split(' ').map(Number);
  if (r.status !== 0 || !Number.isFinite(wall) || !Number.isFinite(rssKb)) throw new Error(`flakescope check ${dir} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return { seconds: wall, mib: rssKb / 1024 };
}

export function analysisBench(log = (line) => console.log(line)) {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure the peak RSS of the check`);
  const results = [];
  for (const target of SIZES) {
    const { dir, events } = ensureTraces(target, log);
    const trials = Array.from({ length: TRIALS }, () => checkOnce(dir));
    const seconds = Math.min(...trials.map((x) => x.seconds));
    const mib = Math.min(...trials.map((x) => x.mib));
    results.push({ events, seconds, mib });
    log(`check: ${(events / 1e6).toFixed(2)}M events ${seconds.toFixed(2)} s ${mib.toFixed(0)} MiB (${(seconds / (events / 1e6)).toFixed(2)} s/M)`);
  }
  const perM = results.map((r) => r.seconds / (r.events / 1e6));
  const growth = Math.max(...perM) / Math.min(...perM);
  log(`check: ${results.map((r) => `${(r.events / 1e6).toFixed(2)}M events ${r.seconds.toFixed(2)} s ${r.mib.toFixed(0)} MiB`).join('; ')} -> ` +
    `${perM.map((x) => `${x.toFixed(2)} s/M`).join(' vs ')} (${growth <= 1.25 ? 'linear' : `${growth.toFixed(2)}x per event at the larger size`}); ` +
    `peak RSS ${results.map((r) => `${r.mib.toFixed(0)}`).join(' vs ')} MiB`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) analysisBench();
