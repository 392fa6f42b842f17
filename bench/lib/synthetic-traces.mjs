// Trace sets of a chosen size from a real synthetic suite run under flakescope (never hand-written
// JSON): each test enters and exits mock.patch and calls time.sleep(0) in a loop, at two sleep sites,
// so nearly every event is a patch-start, patch-stop or sleep, as in a long suite repeated many
// times. Sets are cached under bench/.cache/ (git-ignored) by their parameters and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countTraceEvents } from '../lib.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const cli = path.join(root, 'dist', 'cli.js');
export const cacheDir = path.join(root, 'bench', '.cache');

/** Tests in the synthetic suite: several, so per-test folding is exercised, not one giant test. */
export const TESTS = 4;
/** Runs per set: several, so per-run merging is exercised (one run: the whole set in one file). */
export const RUNS = 3;
/** Events one loop iteration writes: patch-start, sleep, patch-stop. */
const EVENTS_PER_ITERATION = 3;

function suiteSource(iterations) {
  const tests = Array.from({ length: TESTS }, (_, i) => `
    def test_loop_${i}(self):
        for n in range(ITERATIONS):
            with mock.patch("os.getcwd"):
                time.sleep(0)
            if n % 2:
                time.sleep(0)
`).join('');
  return `import os
import time
import unittest
from unittest import mock

ITERATIONS = ${iterations}


class SyntheticTests(unittest.TestCase):${tests}

if __name__ == "__main__":
    unittest.main()
`;
}

/** Counts the events of a trace set: its event lines, each version 2 fold as the events it stands for. */
export function countEvents(outDir) {
  return countTraceEvents(path.join(outDir, 'traces')).total;
}

/** The output folder of a traced set of about `target` events in `runs` runs, generated (minutes for ~10M) or reused. */
export function ensureTraces(target, log = (line) => process.stderr.write(`${line}\n`), runs = RUNS) {
  // Each iteration writes 3 events, plus a half-rate second sleep: 3.5 events per iteration.
  const iterations = Math.max(1, Math.round(target / (runs * TESTS * (EVENTS_PER_ITERATION + 0.5))));
  // The trace version in the name: a set written by an older shim is not reused.
  const name = `synthetic-v2-${TESTS}t-${runs}r-${iterations}i`;
  const out = path.join(cacheDir, name);
  const done = path.join(out, 'events.txt');
  if (existsSync(done)) return { dir: path.join(out, 'result'), events: Number(readFileSync(done, 'utf8')) };
  rmSync(out, { recursive: true, force: true });
  const suite = path.join(out, 'suite');
  mkdirSync(suite, { recursive: true });
  writeFileSync(path.join(suite, 'test_synthetic.py'), suiteSource(iterations));
  log(`generating ~${(target / 1e6).toFixed(2)}M events: ${runs} run(s) of ${TESTS} tests x ${iterations} iterations under flakescope run...`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, 'run', '--quiet', '--runs', String(runs), '--format', 'json', '--out', path.join(out, 'result'), '--',
    'python3', '-m', 'unittest', '-q', 'test_synthetic'], { cwd: suite, stdio: 'ignore', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (!existsSync(path.join(out, 'result', 'traces'))) throw new Error(`flakescope run wrote no traces (exit ${r.status ?? r.signal})`);
  const events = countEvents(path.join(out, 'result'));
  writeFileSync(done, String(events));
  log(`generated ${events} events in ${((Date.now() - started) / 1000).toFixed(0)} s (${out})`);
  return { dir: path.join(out, 'result'), events };
}
