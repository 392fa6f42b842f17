#!/usr/bin/env node
// The orchestrator's own CPU on CPython's 668 small tests: while its child runs (on a 2-core machine it
// competes with the tests) and after the child exits (the user waits for it). A preload reads the main
// thread's CPU (/proc/self/task/<pid>/schedstat, Linux) and the whole process's (process.cpuUsage()) at
// the child's spawn, at its exit and at the end. CPU, not wall: it moves far less with machine load.
// BASE_CLI=<other checkout>/dist/cli.js compares two builds, rounds alternating.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, median, min, mustRun, tempDir } from './lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const TESTS = ['test.test_contextlib', 'test.test_with', 'test.test_threading_local', 'unittest.test.testmock'];
// The interpreter itself, not pyenv's shim script (its name must contain "python": the preload spots the child by it).
const python = mustRun(['python3', '-c', 'import sys; print(sys.executable)']).stdout.trim();

const PRELOAD = `
const cp = require('node:child_process');
const fs = require('node:fs');
const spawn = cp.spawn;
const mainMs = () => Number(fs.readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[0]) / 1e6;
const allMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const snap = () => ({ main: mainMs(), all: allMs() });
let spawned = null, exited = null;
cp.spawn = function (...args) {
  const child = spawn.apply(this, args);
  if (spawned === null && /python/.test(String(args[0]))) {
    spawned = snap();
    child.on('exit', () => { exited = snap(); });
  }
  return child;
};
process.on('exit', () => {
  if (spawned === null || exited === null) return;
  const end = snap();
  fs.appendFileSync(process.env.CPU_OUT, JSON.stringify({ runMain: exited.main - spawned.main, runAll: exited.all - spawned.all, postMain: end.main - exited.main, postAll: end.all - exited.all }) + '\\n');
});
`;

const work = tempDir('orchestrator-cpu');
const preload = path.join(work, 'preload.cjs');
const out = path.join(work, 'cpu.jsonl');
writeFileSync(preload, PRELOAD);
const clis = { this: cli, ...(process.env.BASE_CLI ? { base: process.env.BASE_CLI } : {}) };
const rows = Object.fromEntries(Object.keys(clis).map((k) => [k, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, file] of Object.entries(clis)) {
      rmSync(out, { force: true });
      mustRun([process.execPath, '--require', preload, file, 'run', '--out', path.join(work, 'out'), '--quiet', '--format', 'json', '--fail-on', 'never', '--', python, '-m', 'unittest', ...TESTS], { cwd: work, env: { ...process.env, CPU_OUT: out } });
      rows[name].push(JSON.parse(readFileSync(out, 'utf8')));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const [name, list] of Object.entries(rows)) {
  const stat = (k) => `${median(list.map((r) => r[k])).toFixed(0)} (best ${min(list.map((r) => r[k])).toFixed(0)})`;
  console.log(`${name}: main thread while the child runs ${stat('runMain')} ms, after it ${stat('postMain')} ms; whole process ${stat('runAll')} / ${stat('postAll')} ms`);
}
console.log(`[median of ${ROUNDS} rounds${Object.keys(clis).length > 1 ? ', sides alternating' : ''}; python ${python}]`);
