#!/usr/bin/env node
// Per recorded event: a synthetic test does PAIRS mock.patch enter/exit pairs (two events each) and
// SLEEPS time.sleep(0) calls (one event each), plain vs traced with exactly the environment
// `flakescope run` gives its child (buildChildEnv). Each loop is timed inside the test, so
// interpreter start-up is not counted; added µs per event = (traced - plain) / events. Every sleep
// must be in the trace: the count of sleep events is checked against the calls.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildChildEnv } from '../dist/run/env.js';
import { countTraceEvents, median, min, mustRun, root, tempDir } from './lib.mjs';

/** 270k pairs + 300k sleeps = 840k events, the size the issue names; ~25 s a run (sleep(0) costs ~70 µs here). */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 270_000);
const SLEEPS = Number(process.env.BENCH_SLEEPS ?? 300_000);
/** Alternating plain/traced rounds; each side keeps its fastest. A sleep(0) costs 74-78 µs depending on
 *  the process, and the same build's traced-minus-plain has ranged 1.6-8.4 µs per sleep between
 *  process pairs: more rounds than the suites' min of two, and the paired rounds' median beside it. */
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const suite = path.join(root, 'bench/event-cost');
const python = process.env.BENCH_PYTHON ?? 'python3';

async function once(traced) {
  const dir = tempDir('events');
  try {
    const times = path.join(dir, 'times.json');
    const traceDir = path.join(dir, 'trace');
    mkdirSync(traceDir);
    const base = { ...process.env, BENCH_PAIRS: String(PAIRS), BENCH_SLEEPS: String(SLEEPS), BENCH_TIMES: times };
    const env = traced ? buildChildEnv(base, { shimDir: path.join(root, 'python-shim'), traceDir, run: 0 }) : base;
    mustRun([python, '-m', 'unittest', '-q', 'test_events'], { cwd: suite, env });
    const result = JSON.parse(readFileSync(times, 'utf8'));
    if (traced) result.counts = countTraceEvents(traceDir).events;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plain = [];
const traced = [];
for (let round = 0; round < ROUNDS; round++) {
  plain.push(await once(false));
  traced.push(await once(true));
}
const counts = traced[traced.length - 1].counts;
const patchEvents = (counts['patch-start'] ?? 0) + (counts['patch-stop'] ?? 0);
const sleepEvents = counts.sleep ?? 0;
const best = (runs, key) => min(runs.map((r) => r[key]));
const us = (key, events) => ((best(traced, key) - best(plain, key)) / events) * 1e6;
const pu = us('patch', patchEvents);
const su = us('sleep', sleepEvents);
const all = ((best(traced, 'patch') + best(traced, 'sleep') - best(plain, 'patch') - best(plain, 'sleep')) / (patchEvents + sleepEvents)) * 1e6;
console.log(`patch enter/exit: ${PAIRS} pairs, plain ${best(plain, 'patch').toFixed(2)} s, traced ${best(traced, 'patch').toFixed(2)} s, ${patchEvents} events, +${pu.toFixed(2)} µs/event`);
console.log(`time.sleep(0): ${SLEEPS} calls, plain ${best(plain, 'sleep').toFixed(2)} s, traced ${best(traced, 'sleep').toFixed(2)} s, ${sleepEvents} events, +${su.toFixed(2)} µs/event`);
console.log(`all ${patchEvents + sleepEvents} events: +${all.toFixed(2)} µs/event (goal 1.2, acceptance 3)  [min of ${ROUNDS}]`);
const paired = (key, events) => median(traced.map((r, i) => ((r[key] - plain[i][key]) / events) * 1e6));
const pairedAll = median(traced.map((r, i) => ((r.patch + r.sleep - plain[i].patch - plain[i].sleep) / (patchEvents + sleepEvents)) * 1e6));
console.log(`median of the ${ROUNDS} paired rounds: all +${pairedAll.toFixed(2)} µs/event (patch +${paired('patch', patchEvents).toFixed(2)}, sleep +${paired('sleep', sleepEvents).toFixed(2)})`);
const counted = sleepEvents === SLEEPS && patchEvents === 2 * PAIRS;
console.log(`every call recorded: ${counted ? 'yes' : 'NO'} (sleep events ${sleepEvents}/${SLEEPS}, patch events ${patchEvents}/${2 * PAIRS})`);
if (!counted) process.exitCode = 1;
