// Runs `python -m unittest ARGS` in test/shim (where shimrun.py and the cases are) as one tap assertion.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const SHIM_TESTS_DIR = dirname(fileURLToPath(import.meta.url));
// The differential and nova tests take about a minute together; leave room on a loaded machine.
export const PYTHON_SUITE_TIMEOUT_MS = 540_000;

export function runPythonTests(t: Test, python: string, args: string[]): void {
  const result = spawnSync(python, ['-m', 'unittest', ...args], { cwd: SHIM_TESTS_DIR, encoding: 'utf8', timeout: PYTHON_SUITE_TIMEOUT_MS });
  t.equal(result.error, undefined, 'interpreter started');
  t.equal(result.status, 0, result.stderr.slice(-4000));
}
