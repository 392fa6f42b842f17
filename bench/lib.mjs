// Shared helpers of the bench scripts: run a command, time it, take the minimum of N runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
