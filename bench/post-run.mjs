#!/usr/bin/env node
// Post-run: time from the child's last Python instruction (an atexit handler prints time.time()) to
// the end of the process that started it, for CPython's 668 small tests run by python alone and by
// `flakescope run` (finishing the traces, analysis, report.json, history, exit). Alternating rounds,
// best and median of each. The history store starts empty in a temporary folder and gains one
// session a round, as a project's does.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { cli, median, min, mustRun, tempDir } from './lib.mjs';

/** Machine noise moves single rounds by tens of ms: take the best of several. */
const ROUNDS = Number(process.env.ROUNDS ?? 7);
/** Issue 23's budget for the orchestrator's time after the child, on this command. */
const GOAL_S = 0.08;
const TESTS = ['test.test_contextlib', 'test.test_with', 'test.test_threading_local', 'unittest.test.testmock'];
// The interpreter itself, not pyenv's shim script.
const python = mustRun(['python3', '-c', 'import sys; print(sys.executable)']).stdout.trim();
const probe = [python, '-c', `import atexit, sys, time, unittest
atexit.register(lambda: print("T2=%.6f" % time.time(), file=sys.stderr, flush=True))
unittest.main(module=None, argv=["x", ${TESTS.map((t) => JSON.stringify(t)).join(', ')}], exit=False)`];

/** Seconds from the child's atexit to the end of argv's process. */
function postRun(argv, cwd) {
  const r = mustRun(argv, { cwd });
  const ended = Date.now() / 1000;
  const printed = /T2=([0-9.]+)/.exec(r.stderr);
  if (!printed) throw new Error(`the child printed no T2= line: ${r.stderr.slice(-500)}`);
  return ended - Number(printed[1]);
}

const work = tempDir('post-run');
const plain = [];
const flakescope = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(postRun(probe, work));
    flakescope.push(postRun([process.execPath, cli, 'run', '--out', path.join(work, 'out'), '--quiet', '--format', 'json', '--fail-on', 'never', '--', ...probe], work));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
console.log(`post-run (child's atexit to process end), CPython's 668 small tests: python alone ${ms(min(plain))}, flakescope run ${ms(min(flakescope))} (median ${ms(median(flakescope))}); goal ${ms(GOAL_S)}, ${min(flakescope) <= GOAL_S ? 'met' : 'not met'}  [best of ${ROUNDS}]`);
