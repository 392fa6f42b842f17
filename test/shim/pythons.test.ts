// The shim's portable core tests (run-python-tests.ts) under every supported Python beside python3,
// which runs all of them (shim.test.ts). A missing Python fails in CI.
import t from 'tap';
import { PATH_PYTHON, SUPPORTED_PYTHONS, missingPython, pyenvPython } from '../helpers/pythons.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { CORE_MODULES, PYTHON_SUITE_TIMEOUT_MS, runPythonTests } from './run-python-tests.js';

for (const version of SUPPORTED_PYTHONS.filter((v) => v !== PATH_PYTHON)) {
  t.test(`shim core tests under Python ${version}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (t) => {
    if (!requireOrSkip(t, missingPython(version))) return;
    runPythonTests(t, pyenvPython(version) as string, CORE_MODULES);
  });
}
