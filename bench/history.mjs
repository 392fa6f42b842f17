#!/usr/bin/env node
// Issue 26's goals, measured here (not in CI, not in `npm run bench`'s list: it takes a few minutes):
//   - `flakescope history` over 1,000,000 recorded test outcomes in at most 1 s (SQLite, and PostgreSQL
//     when a server can be started here);
//   - `flakescope import junit` of 1,000 JUnit files in at most 30 s.
// Each line prints the measured time and its ratio to the goal (under 1.000x meets it).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { cli, min, mustRun, ratio, root, secs, tempDir } from './lib.mjs';
import { missingPostgres, startPostgres } from '../test/helpers/postgres.mjs';

const { openHistory } = await import(path.join(root, 'dist/history/target.js'));

const QUERY_GOAL_S = 1;
const IMPORT_GOAL_S = 30;
/** 1,000 tests x 1,000 records = 1M outcome rows; 5 records per commit (CI retries, shards), 200 commits. */
const TESTS = 1000;
const RECORDS = 1000;
const RECORDS_PER_COMMIT = 5;
/** One test in 20 is flaky (fails 10% of its attempts); one in 100 is broken at some commits. */
const FLAKY_EVERY = 20;
const FLAKE_P = 0.1;
const JUNIT_FILES = 1000;
const CASES_PER_FILE = 200;
const ROUNDS = 3;

/** Deterministic pseudo-random numbers (mulberry32), so every run of the bench records the same data. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function records() {
  const rand = rng(26);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const out = [];
  for (let r = 0; r < RECORDS; r++) {
    const c = Math.floor(r / RECORDS_PER_COMMIT);
    const commit = c.toString(16).padStart(40, '0');
    const outcomes = [];
    for (let i = 0; i < TESTS; i++) {
      const test = `tests/test_mod${i % 50}.py::TestC${i % 7}::test_${i}`;
      const broken = i % 100 === 1 && c % 40 === 3;
      const fails = broken || (i % FLAKY_EVERY === 0 && rand() < FLAKE_P);
      outcomes.push({ test, passed: fails ? 0 : 1, failed: fails ? 1 : 0, skipped: 0, seconds: 0.05, failedSeconds: fails ? 0.05 : 0, reruns: 0, message: fails ? 'AssertionError: boom' : null });
    }
    const findings = r % 50 === 0 ? [{ id: `flaky:${r}`, kind: 'flaky', severity: 'error', test: outcomes[0].test, message: 'flaky', site: { file: 'tests/test_mod0.py', line: 3 }, evidence: {}, victims: [] }] : [];
    out.push({ key: `bench-${r}`, source: 'run', commit, branch: 'main', commitTime: t0 + c * 3_600_000, recordedAt: t0 + r * 720_000, group: commit, machine: 'bench', command: ['python3', '-m', 'pytest'], perturbations: [{}], repetitions: 1, traced: true, outcomes, findings });
  }
  return out;
}

async function fill(target) {
  const store = await openHistory(target);
  const started = Date.now();
  const all = records();
  for (let at = 0; at < all.length; at += 100) await store.recordAll(all.slice(at, at + 100));
  const size = await store.size();
  await store.close();
  return { seconds: (Date.now() - started) / 1000, size };
}

/** The queries `flakescope history` makes, in this process: wall and CPU seconds (best of ROUNDS), apart
 *  from Node's start-up, which a loaded machine stretches most. */
async function inProcess(target) {
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    const wall0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const store = await openHistory(target);
    const totals = await store.totals(0);
    const ids = totals.map((x) => x.test);
    await store.lastFailures(ids, 0);
    await store.findings(0);
    await store.recordCount();
    await store.close();
    const cpu = process.cpuUsage(cpu0);
    best = { wall: Math.min(best.wall, Number(process.hrtime.bigint() - wall0) / 1e9), cpu: Math.min(best.cpu, (cpu.user + cpu.system) / 1e6) };
  }
  return best;
}

function queryTimes(historyArg, cwd) {
  const times = [];
  let tests = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const r = mustRun([process.execPath, cli, 'history', '--format', 'json', '--history', historyArg], { cwd });
    times.push(r.seconds);
    tests = JSON.parse(r.stdout).tests.length;
  }
  return { best: min(times), tests };
}

function junitFile(n) {
  const rand = rng(1000 + n);
  const cases = [];
  for (let i = 0; i < CASES_PER_FILE; i++) {
    const flaky = i % FLAKY_EVERY === 0 && rand() < FLAKE_P;
    const body = flaky ? '<flakyFailure message="timeout" type="E"><stackTrace>at x</stackTrace></flakyFailure>' : '';
    cases.push(`<testcase classname="com.example.Suite${i % 10}" name="test${i}" time="0.01">${body}</testcase>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="ci" tests="${CASES_PER_FILE}" timestamp="2026-02-01T00:00:00Z">\n${cases.join('\n')}\n</testsuite>\n`;
}

console.log(`history: load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
const work = tempDir('history');
try {
  const db = path.join(work, 'history.db');
  const filled = await fill({ kind: 'sqlite', file: db });
  console.log(`history: recorded ${filled.size.outcomes.toLocaleString('en')} outcomes in ${filled.size.records} records (SQLite) in ${secs(filled.seconds)}`);
  const lite = queryTimes(db, work);
  console.log(`history: flakescope history --format json over ${filled.size.outcomes.toLocaleString('en')} outcomes (SQLite): ${secs(lite.best)}, ${lite.tests} tests listed; goal ${QUERY_GOAL_S} s: ${ratio(lite.best, QUERY_GOAL_S)}`);
  const startup = min(Array.from({ length: ROUNDS }, () => mustRun([process.execPath, cli, '--version'], { cwd: work }).seconds));
  console.log(`history: for scale, flakescope --version (Node and CLI start-up alone): ${secs(startup)}`);
  const liteQ = await inProcess({ kind: 'sqlite', file: db });
  console.log(`history: its queries alone (SQLite, in process): ${secs(liteQ.wall)} wall, ${secs(liteQ.cpu)} CPU`);

  const missing = missingPostgres();
  if (missing !== null) console.log(`history: PostgreSQL skipped: ${missing}`);
  else {
    const server = await startPostgres();
    try {
      const pgFilled = await fill({ kind: 'postgres', url: server.url });
      const pg = queryTimes(server.url, work);
      console.log(`history: flakescope history --format json over ${pgFilled.size.outcomes.toLocaleString('en')} outcomes (PostgreSQL): ${secs(pg.best)}, ${pg.tests} tests listed; goal ${QUERY_GOAL_S} s: ${ratio(pg.best, QUERY_GOAL_S)}`);
      const pgQ = await inProcess({ kind: 'postgres', url: server.url });
      console.log(`history: its queries alone (PostgreSQL, in process): ${secs(pgQ.wall)} wall, ${secs(pgQ.cpu)} client CPU`);
    } finally {
      server.stop();
    }
  }

  const junitDir = path.join(work, 'junit');
  mkdirSync(junitDir);
  for (let n = 0; n < JUNIT_FILES; n++) writeFileSync(path.join(junitDir, `TEST-${n}.xml`), junitFile(n));
  const imported = mustRun([process.execPath, cli, 'import', 'junit', junitDir, '--commit', 'a'.repeat(40), '--quiet', '--history', path.join(work, 'import.db')], { cwd: work });
  console.log(`history: flakescope import junit of ${JUNIT_FILES} files (${(JUNIT_FILES * CASES_PER_FILE).toLocaleString('en')} testcases): ${secs(imported.seconds)}; goal ${IMPORT_GOAL_S} s: ${ratio(imported.seconds, IMPORT_GOAL_S)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
