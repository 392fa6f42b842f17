// flakescope doctor through the built CLI: exit 0 when ready, 1 with each problem and its fix.
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { cliPath, venvPython } from '../helpers/scenarios.mjs';

const doctor = (...command: string[]) => spawnSync(process.execPath, [cliPath, 'doctor', '--', ...command], { encoding: 'utf8' });

t.test("Debian's python: shim loads and chains its sitecustomize", async (t) => {
  const r = doctor('/usr/bin/python3', '-m', 'unittest');
  t.equal(r.status, 0, r.stdout);
  t.match(r.stdout, /chained sitecustomize: \/usr\/lib\/python3\.\d+\/sitecustomize\.py/);
  t.match(r.stdout, /runner: unittest/);
});

const hasXdist = spawnSync('python3', ['-c', 'import xdist']).status === 0;
t.test('pytest -n without xdist is a problem with its fix', { skip: hasXdist && 'python3 has xdist here' }, async (t) => {
  const d = doctor('python3', '-m', 'pytest', '-n', '2');
  t.equal(d.status, 1);
  t.match(d.stdout, /PROBLEM runner: pytest -n needs pytest-xdist[\s\S]*fix: install pytest-xdist/);
});

t.test('a pytest console script is followed to its interpreter', async (t) => {
  const d = doctor(venvPython.replace(/python$/, 'pytest'), '-n', '2');
  t.equal(d.status, 0, d.stdout);
  t.match(d.stdout, /runner: pytest; also importable: .*xdist/);
});

t.test('a command that does not exist', async (t) => {
  const d = doctor('no-such-runner-xyz');
  t.equal(d.status, 1);
  t.match(d.stdout, /PROBLEM command: no-such-runner-xyz not found on PATH\n\s+fix:/);
});
