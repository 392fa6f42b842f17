// The shim's portable core tests under every supported Python beside python3 (shim.test.ts runs all
// of them under it): what differs between versions (bytecode and line numbers, mock's internals,
// unittest's output, compiler warnings under -W error, fds), without the runner- and perturbation-
// specific modules (pytest, eventlet, hangs, order, perturbations). A missing Python fails in CI.
import t from 'tap';
import { PATH_PYTHON, SUPPORTED_PYTHONS, missingPython, pyenvPython } from '../../scripts/lib/pythons.mjs';
import { requireOrSkip } from '../../scripts/lib/requirements.mjs';
import { PYTHON_SUITE_TIMEOUT_MS, runPythonTests } from './run-python-tests.js';

const CORE_MODULES = [
  'test_bootstrap', 'test_buffered_writer', 'test_trace_fd', 'test_redact', 'test_redaction_cases', 'test_jsontext',
  'test_unittest_trace', 'test_patch_forms', 'test_patch_multiple', 'test_snapshot', 'test_probes', 'test_audit_notes',
  'test_decorated_site', 'test_site_cache', 'test_hot_lines', 'test_own_bytecode', 'test_spec_victim', 'test_differential',
];

for (const version of SUPPORTED_PYTHONS.filter((v) => v !== PATH_PYTHON)) {
  t.test(`shim core tests under Python ${version}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (t) => {
    if (!requireOrSkip(t, missingPython(version))) return;
    runPythonTests(t, pyenvPython(version) as string, CORE_MODULES);
  });
}
