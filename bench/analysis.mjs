#!/usr/bin/env node
// Analysis cost: `flakescope check` on traces of ~840k and ~10M events from a real synthetic suite
// (bench/lib/synthetic-traces.mjs; generated once, ~2 and ~25 minutes, then reused from bench/.cache),
// printing events, wall time and peak RSS of each (min of TRIALS) and the per-million ratios, which
// stay flat when the cost grows linearly; the ~840k set again as a single run (one file: no parallel
// read); then suites of many tests per process (few events each).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkOnce, mustRun, tempDir } from './lib.mjs';
import { cli, ensureTraces } from './lib/synthetic-traces.mjs';

/** Trace sizes: the issue's ~840k-event goal, and ~10M to show growth. BENCH_EVENTS overrides. */
const SIZES = (process.env.BENCH_EVENTS ?? '840000,10000000').split(',').map(Number);
/** Checks per size; the minimum is reported, since other work on the machine only ever adds time. */
const TRIALS = Number(process.env.BENCH_TRIALS ?? 2);
/** Per-event cost at the largest size may exceed the smallest's by this much and still read as linear:
 *  timings on a shared machine move by about that much between two runs. */
const LINEAR_SLACK = 1.25;

export function analysisBench(log = (line) => console.log(line)) {
  const results = [];
  for (const target of SIZES) {
    const { dir, events } = ensureTraces(target, log);
    const trials = Array.from({ length: TRIALS }, () => checkOnce(dir));
    const seconds = Math.min(...trials.map((x) => x.seconds));
    const mib = Math.min(...trials.map((x) => x.mib));
    results.push({ events, seconds, mib });
    log(`check: ${(events / 1e6).toFixed(2)}M events ${seconds.toFixed(2)} s ${mib.toFixed(0)} MiB (${(seconds / (events / 1e6)).toFixed(2)} s/M)`);
  }
  // The same ~840k events as one run writes them: one process, one file, which one thread reads.
  const single = ensureTraces(SIZES[0] ?? 840000, log, 1);
  const singleTrials = Array.from({ length: TRIALS }, () => checkOnce(single.dir));
  log(`check: ${(single.events / 1e6).toFixed(2)}M events in one run (one process, one file) ${Math.min(...singleTrials.map((x) => x.seconds)).toFixed(2)} s ${Math.min(...singleTrials.map((x) => x.mib)).toFixed(0)} MiB`);
  const perM = results.map((r) => r.seconds / (r.events / 1e6));
  // The largest set against the smallest: at most a little dearer per event is linear (start-up is
  // paid once, so the larger set is often cheaper per event).
  const growth = (perM[perM.length - 1] ?? 0) / (perM[0] ?? 1);
  log(`check: ${results.map((r) => `${(r.events / 1e6).toFixed(2)}M events ${r.seconds.toFixed(2)} s ${r.mib.toFixed(0)} MiB`).join('; ')} -> ` +
    `${perM.map((x) => `${x.toFixed(2)} s/M`).join(' vs ')} (${growth <= LINEAR_SLACK ? 'linear' : `${growth.toFixed(2)}x dearer per event: not linear`})`);
  return results;
}

/** Tests per process in the many-tests case: a large suite's one process, with a flaky test last. */
const MANY_TESTS = (process.env.BENCH_TESTS ?? '2500,10000').split(',').map(Number);
/** Runs of it: the flaky test then has failing and passing executions, so the order analysis runs. */
const MANY_RUNS = 6;

/** A module of `count` empty tests and a 50% flaky one after them. */
function manyTestsSource(count) {
  const tests = Array.from({ length: count }, (_, i) => `    def test_${String(i).padStart(5, '0')}(self):\n        pass\n`).join('');
  return `import os\nimport unittest\n\n\nclass Many(unittest.TestCase):\n${tests}    def test_zz_flaky(self):\n        self.assertTrue(os.urandom(1)[0] < 128)\n`;
}

/** The other axis: few events per test, many tests per process (where per-test work would show as quadratic). */
export function manyTestsBench(log = (line) => console.log(line)) {
  const results = [];
  for (const count of MANY_TESTS) {
    const dir = tempDir('many');
    try {
      writeFileSync(path.join(dir, 'test_many.py'), manyTestsSource(count));
      const out = path.join(dir, 'out');
      mustRun([process.execPath, cli, 'run', '--runs', String(MANY_RUNS), '--no-repro', '--quiet', '--format', 'json', '--fail-on', 'never', '--out', out, '--', 'python3', '-m', 'unittest', 'test_many'], { cwd: dir });
      const trials = Array.from({ length: TRIALS }, () => checkOnce(out));
      const executions = (count + 1) * MANY_RUNS;
      const seconds = Math.min(...trials.map((x) => x.seconds));
      const mib = Math.min(...trials.map((x) => x.mib));
      results.push({ executions, seconds });
      log(`check: ${count + 1} tests x ${MANY_RUNS} runs (${executions} executions) ${seconds.toFixed(2)} s ${mib.toFixed(0)} MiB (${(seconds / (executions / 1000)).toFixed(3)} s per 1k executions)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  analysisBench();
  manyTestsBench();
}
