// The Python versions flakescope supports, as the tests find them: pyenv's ~/.pyenv/versions/<v>.<patch>
// (the newest patch of each), the range the README states. CI runs the shim's tests, representative
// scenarios and the with/without differential on every one (test/shim/shim.test.ts,
// test/e2e/scenarios-pythons.test.ts, test/e2e/cpython-differential.test.ts).
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SUPPORTED_PYTHONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
/** The version `python3` on PATH is on the test machines: its suites already run under it as `python3`. */
export const PATH_PYTHON = '3.11';

const versionsDir = () => join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');

/** ~/.pyenv/versions/<version>.<newest patch>/bin/python3, or null when pyenv has no such version. */
export function pyenvPython(version) {
  let names;
  try {
    names = readdirSync(versionsDir());
  } catch {
    return null;
  }
  const patches = names
    .map((name) => new RegExp(`^${version.replace('.', '\\.')}\\.(\\d+)$`).exec(name))
    .filter((m) => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const m of patches) {
    const python = join(versionsDir(), m[0], 'bin', 'python3');
    if (existsSync(python)) return python;
  }
  return null;
}

/** Why `version` cannot be tested here (for requireOrSkip), or null. */
export function missingPython(version) {
  return pyenvPython(version) === null ? `Python ${version} is not installed (expected at ${versionsDir()}/${version}.<patch>/bin/python3, e.g. pyenv install ${version})` : null;
}
