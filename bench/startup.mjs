#!/usr/bin/env node
// CLI start-up: time from exec'ing `node dist/cli.js run ...` to the first instruction of the child
// Python program (which prints time.time() first thing), compared with exec'ing that Python directly.
// The difference is what flakescope adds before the user's code runs: Node start, loading the CLI
// and the run path, planning, spawning, and the shim's own start in the child.
import { rmSync } from 'node:fs';
import { cli, median, mustRun, tempDir } from './lib.mjs';

/** Start-up times vary with the page cache and scheduler: take the best of several. */
const ROUNDS = Number(process.env.ROUNDS ?? 7);
// The interpreter itself, not pyenv's shim script (a chain of bash scripts that alone takes ~70 ms).
const python = mustRun(['python3', '-c', 'import sys; print(sys.executable)']).stdout.trim();
const probe = [python, '-c', 'import time; print("T0=%.6f" % time.time())'];

/** Seconds from just before spawning argv to the child's printed time.time(). */
function toFirstInstruction(argv, opts) {
  const before = Date.now() / 1000;
  const r = mustRun(argv, opts, [0, 1]);
  const printed = /T0=([0-9.]+)/.exec(r.stdout + r.stderr);
  if (!printed) throw new Error(`the child printed no T0= line: ${r.stdout.slice(0, 500)}`);
  return Number(printed[1]) - before;
}

const out = tempDir('startup');
const plain = [];
const flakescope = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(toFirstInstruction(probe));
    flakescope.push(toFirstInstruction([process.execPath, cli, 'run', '--out', out, '--format', 'json', '--', ...probe]));
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
const best = (xs) => Math.min(...xs);
console.log(`start-up to the child's first instruction: python3 alone ${ms(best(plain))}, via flakescope run ${ms(best(flakescope))} (median ${ms(median(flakescope))}), flakescope adds ${ms(best(flakescope) - best(plain))} (goal: total <= 150 ms)  [best of ${ROUNDS}]`);
