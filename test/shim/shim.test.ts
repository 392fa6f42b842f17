// Runs the shim's Python-side tests (test/shim/test_*.py): all of them under python3 (3.11 here) and
// Debian's /usr/bin/python3, and the portable core (the trace writer, fds, bootstrap under -W error,
// redaction, unittest tracing, patch forms and sites, snapshots, the CPython differential) under
// every other supported Python. A supported Python that is missing fails in CI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { PATH_PYTHON, SUPPORTED_PYTHONS, missingPython, pyenvPython } from '../../scripts/lib/pythons.mjs';
import { requireOrSkip } from '../../scripts/lib/requirements.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// The differential and nova tests take about a minute together; leave room on a loaded machine.
const PYTHON_SUITE_TIMEOUT_MS = 540_000;

/** What every supported Python runs: what differs between versions (bytecode, line numbers, mock's
 *  internals, unittest's output, warnings), without the runner- and perturbation-specific modules
 *  that run under python3 and Debian's python (pytest, eventlet, hang, order, perturbations). */
const CORE_MODULES = [
  'test_bootstrap', 'test_buffered_writer', 'test_trace_fd', 'test_redact', 'test_redaction_cases', 'test_jsontext',
  'test_unittest_trace', 'test_patch_forms', 'test_patch_multiple', 'test_snapshot', 'test_probes', 'test_audit_notes',
  'test_decorated_site', 'test_site_cache', 'test_hot_lines', 'test_own_bytecode', 'test_spec_victim', 'test_differential',
];

function runPythonTests(tt: Test, python: string, args: string[]): void {
  const result = spawnSync(python, ['-m', 'unittest', ...args], {
    cwd: here,
    encoding: 'utf8',
    timeout: PYTHON_SUITE_TIMEOUT_MS,
  });
  tt.equal(result.error, undefined, 'interpreter started');
  tt.equal(result.status, 0, result.stderr.slice(-4000));
}

for (const python of ['python3', '/usr/bin/python3'].filter((p) => p === 'python3' || existsSync(p))) {
  t.test(`shim python tests under ${python}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (tt) => {
    runPythonTests(tt, python, ['discover', '-s', here, '-p', 'test_*.py']);
  });
}

for (const version of SUPPORTED_PYTHONS.filter((v) => v !== PATH_PYTHON)) {
  t.test(`shim core tests under Python ${version}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (tt) => {
    if (!requireOrSkip(tt, missingPython(version))) return;
    runPythonTests(tt, pyenvPython(version) as string, CORE_MODULES);
  });
}
