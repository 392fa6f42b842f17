// Under -W error, -X dev and PYTHONWARNINGS=error, with no cached bytecode (an empty PYTHONPYCACHEPREFIX:
// every module of the shim compiled from source, where a compiler warning is an error), every test is
// traced on 3.11, 3.12 and 3.13; were the shim to fail, flakescope would exit 3 with the reason, never 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { missingPython, pyenvPython } from '../helpers/pythons.mjs';
import { requireOrSkip } from '../helpers/requirements.mjs';
import { runFlakescope } from '../helpers/scenarios.mjs';

/** The Pythons where invalid escapes went from DeprecationWarning to SyntaxWarning and on. */
const VERSIONS = ['3.11', '3.12', '3.13'];

const SUITE = `import time
import unittest
from unittest import mock


class T(unittest.TestCase):
    def test_sleeps(self):
        time.sleep(0)

    def test_patches(self):
        with mock.patch("os.getcwd", return_value="/"):
            pass
`;

for (const version of VERSIONS) {
  t.test(`Python ${version}: warnings as errors, no cached bytecode: every test traced`, async (t) => {
    if (!requireOrSkip(t, missingPython(version))) return;
    const dir = t.testdir({ 'test_w.py': SUITE });
    const cache = mkdtempSync(join(tmpdir(), 'flakescope-pycache-'));
    t.teardown(() => rmSync(cache, { recursive: true, force: true }));
    const previous = { PYTHONWARNINGS: process.env.PYTHONWARNINGS, PYTHONPYCACHEPREFIX: process.env.PYTHONPYCACHEPREFIX };
    Object.assign(process.env, { PYTHONWARNINGS: 'error', PYTHONPYCACHEPREFIX: cache });
    let run;
    try {
      run = runFlakescope([pyenvPython(version) as string, '-X', 'dev', '-W', 'error', '-m', 'unittest', '-v', 'test_w'], { cwd: dir, out: join(dir, 'out') });
    } finally {
      for (const [k, v] of Object.entries(previous)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    t.equal(run.exitCode, 0, 'exit 0', { stderr: run.stderr });
    const report = run.report as Report;
    t.same(report.tests.map((x) => [x.id, x.verdict]).sort(), [['test_w.T.test_patches', 'pass'], ['test_w.T.test_sleeps', 'pass']]);
    t.same(report.warnings ?? [], [], 'no warning: nothing failed in the shim');
  });
}
