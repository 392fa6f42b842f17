// Runs the shim's Python-side tests (test/shim/test_*.py) under both interpreters.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const here = dirname(fileURLToPath(import.meta.url));
// The differential and nova tests take about a minute together; leave room on a loaded machine.
const PYTHON_SUITE_TIMEOUT_MS = 540_000;

const interpreters = ['python3', '/usr/bin/python3'].filter(
  (python) => python === 'python3' || existsSync(python),
);

for (const python of interpreters) {
  t.test(`shim python tests under ${python}`, { timeout: PYTHON_SUITE_TIMEOUT_MS }, (tt) => {
    const result = spawnSync(python, ['-m', 'unittest', 'discover', '-s', here, '-p', 'test_*.py'], {
      cwd: join(here, '..', '..'),
      encoding: 'utf8',
      timeout: PYTHON_SUITE_TIMEOUT_MS,
    });
    tt.equal(result.error, undefined, 'interpreter started');
    tt.equal(result.status, 0, result.stderr.slice(-4000));
    tt.end();
  });
}
