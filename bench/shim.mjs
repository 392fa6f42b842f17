#!/usr/bin/env node
// The shim's cost, side by side in one run (issue 23's acceptance): the ~840k-event synthetic test
// end to end (the whole `flakescope run`, analysis included, over the plain command) per event,
// trace bytes per event and every sleep counted; `flakescope check` on its output (wall, peak RSS);
// CPython's 668 small tests and tornado's suite plain, under flakescope and under coverage.py; and
// start-up to the child's first instruction. Rounds alternate the sides; each keeps its minimum.
// Each suite's overhead is split too: the child under the shim alone (the environment `flakescope run`
// gives it, no orchestrator) against the whole run, so a change is seen on the side it belongs to.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildChildEnv } from '../dist/run/env.js';
import { benchVenv, checkOnce, cli, countTraceEvents, min, mustRun, root, tempDir } from './lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** 270k pairs (two events each) + 300k sleeps = 840k events, the size the issue names. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 270_000);
const SLEEPS = Number(process.env.BENCH_SLEEPS ?? 300_000);
/** Acceptance bars (issue 23). */
const BARS = { usPerEvent: 3, bytesPerEvent: 32, checkSeconds: 5, checkMiB: 512, small: 1.3, tornado: 1.1, startupMs: 150 };
/** flakescope exits 1 when it has findings (tornado's suite has some); the suites may exit 1 when a
 *  timing test fails on a loaded machine: the run still ran every test. */
const OK = [0, 1];
const CPYTHON_SMALL = ['test.test_contextlib', 'test.test_with', 'test.test_threading_local', 'unittest.test.testmock'];

const python = benchVenv('suite', ['tornado', 'coverage'], 'import tornado, coverage');
const work = tempDir('shim');
const rows = [];
const fails = [];
const verdict = (ok) => (ok ? 'ok' : 'OVER');
const row = (what, plain, flakescope, coverage, bar) => rows.push([what, plain, flakescope, coverage, bar]);
/** x with its sign, two decimals: an overhead may come out below zero under load, and says so. */
const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** `flakescope run` of argv in cwd, output kept in `out`; wall seconds. */
function flakescope(argv, cwd, out, extraEnv = {}) {
  rmSync(out, { recursive: true, force: true });
  return mustRun([process.execPath, cli, 'run', '--out', out, '--quiet', '--format', 'json', '--fail-on', 'never', '--', ...argv], { cwd, env: { ...process.env, ...extraEnv } }, OK).seconds;
}

function synthetic() {
  const cwd = path.join(root, 'bench/event-cost');
  const env = { BENCH_PAIRS: String(PAIRS), BENCH_SLEEPS: String(SLEEPS), BENCH_TIMES: path.join(work, 'times.json') };
  const argv = [python, '-m', 'unittest', '-q', 'test_events'];
  const out = path.join(work, 'synthetic');
  const plain = [];
  const traced = [];
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(mustRun(argv, { cwd, env: { ...process.env, ...env } }).seconds);
    traced.push(flakescope(argv, cwd, out, env));
  }
  const counted = countTraceEvents(path.join(out, 'traces'));
  const events = PAIRS * 2 + SLEEPS;
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  const sleeps = report.sleeps.reduce((n, s) => n + s.calls, 0);
  const checks = Array.from({ length: ROUNDS }, () => checkOnce(out));
  const us = ((min(traced) - min(plain)) / events) * 1e6;
  const bytes = counted.bytes / events;
  const check = min(checks.map((c) => c.seconds));
  const mib = min(checks.map((c) => c.mib));
  // Below zero only when load slowed the plain rounds more than the traced ones: said, not hidden.
  const noise = us < 0 ? ' (below zero: load noise, rerun on a quiet machine)' : '';
  row(`synthetic ${(events / 1e3).toFixed(0)}k events, end to end`, `${min(plain).toFixed(2)} s`, `${min(traced).toFixed(2)} s: ${signed(us)} µs/event${noise}`, '', `≤${BARS.usPerEvent} µs ${verdict(us <= BARS.usPerEvent)}`);
  row('  trace', '', `${(counted.bytes / 1e6).toFixed(2)} MB, ${counted.lines} lines, ${bytes.toFixed(2)} B/event`, '', `≤${BARS.bytesPerEvent} B ${verdict(bytes <= BARS.bytesPerEvent)}`);
  row('  flakescope check', '', `${check.toFixed(2)} s, ${mib.toFixed(0)} MiB peak RSS`, '', `≤${BARS.checkSeconds} s, ≤${BARS.checkMiB} MiB ${verdict(check <= BARS.checkSeconds && mib <= BARS.checkMiB)}`);
  const all = sleeps === SLEEPS && counted.events.sleep === SLEEPS && counted.events['patch-start'] === PAIRS;
  row('  every sleep counted', '', `report ${sleeps}/${SLEEPS}, trace ${counted.events.sleep}/${SLEEPS} sleeps, ${counted.events['patch-start']}/${PAIRS} pairs`, '', verdict(all));
  if (!all) fails.push('a sleep or patch pair was not counted');
}

function suite(name, argv, bar) {
  const cwd = work;
  const plain = [];
  const traced = [];
  const covered = [];
  const shimmed = [];
  const out = path.join(work, 'suite-out');
  const traceDir = path.join(work, 'shim-alone');
  const shimEnv = buildChildEnv({ ...process.env }, { shimDir: path.join(root, 'python-shim'), traceDir, run: 0 });
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(mustRun(argv, { cwd }, OK).seconds);
    traced.push(flakescope(argv, cwd, out));
    covered.push(mustRun([argv[0], '-m', 'coverage', 'run', '--data-file', path.join(work, '.coverage'), ...argv.slice(1)], { cwd }, OK).seconds);
    rmSync(traceDir, { recursive: true, force: true });
    mkdirSync(traceDir);
    shimmed.push(mustRun(argv, { cwd, env: shimEnv }, OK).seconds);
  }
  const base = min(plain);
  const x = min(traced) / base;
  row(name, `${base.toFixed(2)} s`, `${min(traced).toFixed(2)} s (${x.toFixed(3)}x)`, `${min(covered).toFixed(2)} s (${(min(covered) / base).toFixed(3)}x)`, `≤${bar}x ${verdict(x <= bar)}`);
  row('  of which', '', `the shim in the child ${signed(min(shimmed) - base)} s, the orchestrator ${signed(min(traced) - min(shimmed))} s`, '', '');
}

function startup() {
  const probe = [python, '-c', 'import time; print("T0=%.6f" % time.time())'];
  const first = (argv) => {
    const before = Date.now() / 1000;
    const r = mustRun(argv, { cwd: work }, OK);
    return Number(/T0=([0-9.]+)/.exec(r.stdout + r.stderr)?.[1]) - before;
  };
  const plain = [];
  const traced = [];
  for (let r = 0; r < Math.max(ROUNDS, 5); r++) {
    plain.push(first(probe));
    traced.push(first([process.execPath, cli, 'run', '--out', path.join(work, 'startup'), '--format', 'json', '--', ...probe]));
  }
  const total = min(traced) * 1000;
  row('start-up to the child\'s first instruction', `${(min(plain) * 1000).toFixed(0)} ms`, `${total.toFixed(0)} ms (+${(total - min(plain) * 1000).toFixed(0)} ms)`, '', `goal ≤${BARS.startupMs} ms total ${verdict(total <= BARS.startupMs)}`);
}

try {
  synthetic();
  suite('CPython small suites (668 tests)', [python, '-m', 'unittest', ...CPYTHON_SMALL], BARS.small);
  suite('tornado (1,306 tests)', [python, '-m', 'tornado.test.runtests'], BARS.tornado);
  startup();
  const header = ['', 'plain', 'flakescope', 'coverage.py', 'bar'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join(' | ').trimEnd());
  console.log(`[min of ${ROUNDS} rounds each, sides alternating; python ${python}]`);
  for (const f of fails) console.log(`FAILED: ${f}`);
  if (fails.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
