// Runs the shim's Python-side tests (test/shim/test_*.py): all of them under python3 (3.11 here), the
// portable core and the pytest-related ones under Debian's /usr/bin/python3 (3.11 too, with its own
// sitecustomize chained and its own pytest); pythons.test.ts runs the core under every other supported
// Python. Under Debian's python the rest would repeat python3's run: the eventlet/testtools/nova tests
// run Debian's python themselves whichever python runs them, and the perturbation and scenario tests
// are the same on both.
import { existsSync } from 'node:fs';
import t from 'tap';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { CORE_MODULES, DEBIAN_PYTHON, PYTHON_SUITE_TIMEOUT_MS, SHIM_TESTS_DIR, runPythonTests } from './run-python-tests.js';

/** Debian's pytest is not the venv's: the plugin, perturb-only mode and order under it. */
const DEBIAN_PYTEST_MODULES = ['test_pytest_trace', 'test_perturb_only', 'test_order'];

t.test('shim python tests under python3', { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (t) => {
  runPythonTests(t, 'python3', ['discover', '-s', SHIM_TESTS_DIR, '-p', 'test_*.py']);
});

t.test(`shim core and pytest tests under ${DEBIAN_PYTHON}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, async (t) => {
  if (!requireOrSkip(t, existsSync(DEBIAN_PYTHON) ? null : `no ${DEBIAN_PYTHON} (run \`npm run setup:test\`)`)) return;
  runPythonTests(t, DEBIAN_PYTHON, [...CORE_MODULES, ...DEBIAN_PYTEST_MODULES]);
});
