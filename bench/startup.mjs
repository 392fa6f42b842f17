#!/usr/bin/env node
// CLI start-up: time from exec'ing `node dist/cli.js run ...` to the first instruction of the child
// Python program (which prints time.time() first thing), compared with exec'ing that Python directly.
// The difference is what flakescope adds before the user's code runs: Node start, loading the CLI
// and the run path, planning, spawning, and the shim's own start in the child.
// A second line splits it: Node's own start (`node -e 0`), and a floor that any Node launcher pays (a
// bare Node script spawning the same Python with the shim's environment): what is above the floor is
// flakescope's own work before and around the spawn.
import { rmSync } from 'node:fs';
import { buildChildEnv } from '../dist/run/env.js';
import { SHIM_DIR } from '../dist/package-info.js';
import { cli, median, mustRun, tempDir, timed } from './lib.mjs';

/** Start-up times vary with the page cache and scheduler: take the best of several. */
const ROUNDS = Number(process.env.ROUNDS ?? 7);
// The interpreter itself, not pyenv's shim script (a chain of bash scripts that alone takes ~70 ms).
const python = mustRun(['python3', '-c', 'import sys; print(sys.executable)']).stdout.trim();
const probe = [python, '-c', 'import time; print("T0=%.6f" % time.time())'];
/** A bare Node launcher: spawns argv (JSON) with the inherited env, output to ours, its exit code. */
const LAUNCHER = "const [f, ...a] = JSON.parse(process.argv[1]); require('child_process').spawn(f, a, { stdio: 'inherit' }).on('exit', (c) => { process.exitCode = c; });";

/** Seconds from just before spawning argv to the child's printed time.time(). */
function toFirstInstruction(argv, opts) {
  const before = Date.now() / 1000;
  const r = mustRun(argv, opts, [0, 1]);
  const printed = /T0=([0-9.]+)/.exec(r.stdout + r.stderr);
  if (!printed) throw new Error(`the child printed no T0= line: ${r.stdout.slice(0, 500)}`);
  return Number(printed[1]) - before;
}

const out = tempDir('startup');
const floorTraces = tempDir('startup-floor');
const shimEnv = { env: buildChildEnv(process.env, { shimDir: SHIM_DIR, traceDir: floorTraces, run: 0 }) };
const plain = [];
const flakescope = [];
const nodeAlone = [];
const floor = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(toFirstInstruction(probe));
    flakescope.push(toFirstInstruction([process.execPath, cli, 'run', '--out', out, '--format', 'json', '--', ...probe]));
    nodeAlone.push(timed([process.execPath, '-e', '0']).seconds);
    floor.push(toFirstInstruction([process.execPath, '-e', LAUNCHER, JSON.stringify(probe)], shimEnv));
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(floorTraces, { recursive: true, force: true });
}
const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
const best = (xs) => Math.min(...xs);
console.log(`start-up to the child's first instruction: python3 alone ${ms(best(plain))}, via flakescope run ${ms(best(flakescope))} (median ${ms(median(flakescope))}), flakescope adds ${ms(best(flakescope) - best(plain))} (goal: total <= 150 ms)  [best of ${ROUNDS}]`);
// NODE_EXTRA_CA_CERTS makes Node read and parse that bundle at every start, before any script runs.
const certs = process.env.NODE_EXTRA_CA_CERTS ? '; NODE_EXTRA_CA_CERTS is set, which Node parses at every start' : '';
console.log(`  of which: node -e 0 ${ms(best(nodeAlone))}${certs}; a bare Node launcher with the shim's environment ${ms(best(floor))} (median ${ms(median(floor))}); flakescope over that floor ${ms(best(flakescope) - best(floor))}  [best of ${ROUNDS}]`);
