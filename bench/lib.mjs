// Shared helpers of the bench scripts: run a command, time it, take the minimum of N runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const cli = path.join(root, 'dist/cli.js');

/** Runs argv to completion (no shell, no stdin); returns { status, seconds, stdout, stderr }. */
export function timed(argv, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, ...opts });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`);
  return { status: r.status, seconds, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `argv` and throws with its stderr's tail unless it exits with one of `okStatuses`. */
export function mustRun(argv, opts = {}, okStatuses = [0]) {
  const r = timed(argv, opts);
  if (!okStatuses.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status}\n${(r.stderr || r.stdout).slice(-2000)}`);
  return r;
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), `fs-bench-${prefix}-`));
}

export const min = (xs) => Math.min(...xs);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ratio = (x, base) => `${(x / base).toFixed(3)}x`;
export const secs = (x) => `${x.toFixed(2)} s`;

/** A venv under the checkout (ignored by git) with `packages` from the local wheel index; built once. */
export function benchVenv(name, packages, probe) {
  const dir = path.join(root, `.venv-bench-${name}`);
  const python = path.join(dir, 'bin', 'python');
  if (existsSync(python) && timed([python, '-c', probe]).status === 0) return python;
  mustRun(['python3', '-m', 'venv', '--clear', dir]);
  mustRun([python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input',
    '--index-url', 'file:///opt/pypi/simple', ...packages], { timeout: 300_000 });
  mustRun([python, '-c', probe]);
  return python;
}

/** Events a trace line stands for, by kind: a version 2 fold counts the events it folded (a
 *  sleep-fold its calls, a patch-fold a start and a stop per pair and its mock calls). */
export function eventsOfLine(line) {
  const ev = /"ev":"([a-z-]+)"/.exec(line)?.[1];
  if (ev === 'sleep-fold') return { sleep: Number(/"calls":(\d+)/.exec(line)?.[1] ?? 0) };
  if (ev === 'patch-fold') {
    const count = Number(/"count":(\d+)/.exec(line)?.[1] ?? 0);
    return { 'patch-start': count, 'patch-stop': count, 'mock-call': Number(/"calls":(\d+)/.exec(line)?.[1] ?? 0) };
  }
  return ev === undefined ? {} : { [ev]: 1 };
}

/** Trace lines per kind and the events they stand for (eventsOfLine), over every .jsonl under `dir`. */
export function countTraceEvents(dir) {
  const events = {};
  let lines = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.jsonl')) {
        const text = readFileSync(p, 'utf8');
        bytes += Buffer.byteLength(text);
        for (const line of text.split('\n')) {
          if (line === '' || line.includes('"ev":"header"')) continue;
          lines += 1;
          for (const [k, n] of Object.entries(eventsOfLine(line))) events[k] = (events[k] ?? 0) + n;
        }
      }
    }
  };
  walk(dir);
  return { events, total: Object.values(events).reduce((a, b) => a + b, 0), lines, bytes };
}

const TIME = '/usr/bin/time';

/** One `flakescope check DIR`: wall seconds and peak RSS (MiB) of the child, from GNU time. */
export function checkOnce(dir) {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure the peak RSS of the check`);
  const r = spawnSync(TIME, ['-f', '%e %M', process.execPath, cli, 'check', dir, '--quiet', '--fail-on', 'never'], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb] = last.split(' ').map(Number);
  if (r.status !== 0 || !Number.isFinite(wall) || !Number.isFinite(rssKb)) throw new Error(`flakescope check ${dir} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return { seconds: wall, mib: rssKb / 1024 };
}
