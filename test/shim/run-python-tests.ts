// Runs `python -m unittest ARGS` in test/shim (where shimrun.py and the cases are) as one tap assertion.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const SHIM_TESTS_DIR = dirname(fileURLToPath(import.meta.url));
export const DEBIAN_PYTHON = '/usr/bin/python3';
// The differential and nova tests take about a minute together; leave room on a loaded machine.
export const PYTHON_SUITE_TIMEOUT_MS = 540_000;

/** What every supported Python runs: what differs between versions and builds (bytecode and line
 *  numbers, mock's internals, unittest's output, compiler warnings under -W error, fds, a chained
 *  sitecustomize), without the runner- and perturbation-specific modules. */
export const CORE_MODULES = [
  'test_bootstrap', 'test_buffered_writer', 'test_trace_fd', 'test_redact', 'test_redaction_cases', 'test_jsontext',
  'test_unittest_trace', 'test_patch_forms', 'test_patch_multiple', 'test_snapshot', 'test_probes', 'test_audit_notes',
  'test_decorated_site', 'test_callsite_cache', 'test_hot_lines', 'test_own_bytecode', 'test_spec_victim', 'test_differential',
  'test_stopping_executor', 'test_layout', 'test_uninstall',
];

export function runPythonTests(t: Test, python: string, args: string[]): void {
  const result = spawnSync(python, ['-m', 'unittest', ...args], { cwd: SHIM_TESTS_DIR, encoding: 'utf8', timeout: PYTHON_SUITE_TIMEOUT_MS });
  t.equal(result.error, undefined, 'interpreter started');
  t.equal(result.status, 0, result.stderr.slice(-4000));
}
