// Runs the shim's Python-side tests (test/shim/test_*.py), all of them, under python3 (3.11 here) and
// Debian's /usr/bin/python3; test/shim/pythons.test.ts runs their portable core under every other
// supported Python.
import { existsSync } from 'node:fs';
import t from 'tap';
import { PYTHON_SUITE_TIMEOUT_MS, SHIM_TESTS_DIR, runPythonTests } from './run-python-tests.js';

for (const python of ['python3', '/usr/bin/python3'].filter((p) => p === 'python3' || existsSync(p))) {
  t.test(`shim python tests under ${python}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (t) => {
    runPythonTests(t, python, ['discover', '-s', SHIM_TESTS_DIR, '-p', 'test_*.py']);
  });
}
