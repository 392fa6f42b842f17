#!/usr/bin/env node
// Instructions the hooks add per recorded event, counted by valgrind's callgrind: unlike the wall
// time of event-cost.mjs, the same build gives the same count whatever else the machine does
// (hash seed fixed, address randomisation off), so a change to a hot path is measured exactly.
// For each way of patching, for sleep(0) and for an empty unittest test (its boundaries, per test):
// (instructions at N - at 0) / N, plain and traced with the environment `flakescope run` gives its
// child (buildChildEnv), minus one from the other, per event (a patch pair is two events).
// Skipped, saying so, where valgrind or setarch is missing.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildChildEnv } from '../dist/run/env.js';
import { root, tempDir, timed } from './lib.mjs';

/** Enough repetitions that start-up noise (a GC pass, a cache resize) is a rounding error per repetition. */
const N = Number(process.env.BENCH_INSTRUCTION_REPEATS ?? 3000);
/** [form, events it records, what one repetition is]: an empty unittest test is measured per test (its boundaries). */
const FORMS = [['with', 2, 'pair'], ['start-stop', 2, 'pair'], ['decorator', 2, 'pair'], ['magicmock', 2, 'pair'], ['sleep', 1, 'call'], ['test', 1, 'test']];
const script = path.join(root, 'bench/event-instructions/forms.py');
const pythonCommand = process.env.BENCH_PYTHON ?? 'python3';
/** valgrind counts the program it starts: a `python3` that is a launcher script (pyenv's) must be resolved first. */
const python = timed([pythonCommand, '-c', 'import sys; print(sys.executable)']).stdout.trim() || pythonCommand;

function available(tool) {
  return timed(['sh', '-c', `command -v ${tool}`]).status === 0;
}

function instructions(env, form, count) {
  const r = timed(['setarch', '-R', 'valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', python, script],
    { env: { ...env, FORM: form, N: String(count), PYTHONHASHSEED: '0' } });
  const collected = /Collected : (\d+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || collected === undefined) throw new Error(`callgrind run of ${form} failed (exit ${r.status})\n${r.stderr.slice(-1500)}`);
  return Number(collected);
}

if (!available('valgrind') || !available('setarch')) {
  console.log('instructions per event: skipped, valgrind or setarch not installed (apt-get install valgrind)');
} else {
  const traceDir = tempDir('instructions');
  try {
    const traced = buildChildEnv({ ...process.env }, { shimDir: path.join(root, 'python-shim'), traceDir, run: 0 });
    // One run outside valgrind first: the shim caches its own bytecode, which the counted runs must not pay for.
    timed([python, script], { env: { ...traced, FORM: 'with', N: '0' } });
    const perRepeat = (env, form) => (instructions(env, form, N) - instructions(env, form, 0)) / N;
    const parts = [];
    for (const [form, events, unit] of FORMS) {
      const plain = perRepeat(process.env, form);
      const added = (perRepeat(traced, form) - plain) / events;
      parts.push(`${form} ${(added / 1000).toFixed(1)}k (plain ${(plain / 1000).toFixed(1)}k per ${unit})`);
    }
    console.log(`instructions added per event (callgrind, ${N} repeats): ${parts.join(', ')}`);
  } finally {
    rmSync(traceDir, { recursive: true, force: true });
  }
}
