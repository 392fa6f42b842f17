#!/usr/bin/env node
// The orchestrator's own overhead on repetitions: `flakescope run --runs 20` of a small suite vs
// twenty separate `flakescope run` of it, and vs twenty plain runs (the floor). Same command, same
// interpreter, measured in this one run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { cli, mustRun, ratio, root, secs, tempDir } from './lib.mjs';

/** The repetition count the acceptance names. */
const RUNS = 20;
/** flakescope exits 1 on findings; the suite has some on purpose (scenarios/runner-unittest). */
const FLAKESCOPE_OK = [0, 1];
const cwd = path.join(root, 'scenarios/runner-unittest');
const python = mustRun(['python3', '-c', 'import sys; print(sys.executable)']).stdout.trim();
const command = [python, '-m', 'unittest', '-q'];
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

function flakescope(runs) {
  const out = tempDir('orch');
  try {
    return mustRun([process.execPath, cli, 'run', '--out', out, '--quiet', '--format', 'json', '--runs', String(runs), '--', ...command], { cwd, env }, FLAKESCOPE_OK).seconds;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let plain = 0;
for (let i = 0; i < RUNS; i++) plain += mustRun(command, { cwd, env }, [0, 1]).seconds;
let separate = 0;
for (let i = 0; i < RUNS; i++) separate += flakescope(1);
const together = flakescope(RUNS);
console.log(`${RUNS} runs of scenarios/runner-unittest: plain ${secs(plain)}, ${RUNS}x flakescope run ${secs(separate)} (${ratio(separate, plain)}), flakescope run --runs ${RUNS} ${secs(together)} (${ratio(together, plain)}; ${ratio(together, separate)} of ${RUNS} separate runs)`);
