import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Scratch } from '../../src/fix/scratch.js';

function tree(): { root: string; project: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'flakescope-scratch-'));
  const project = join(root, 'proj');
  for (const d of ['tests', '.git', '.fs/traces', '.venv', 'node_modules/x', 'tests/__pycache__']) mkdirSync(join(project, d), { recursive: true });
  writeFileSync(join(project, 'tests', 'test_a.py'), 'A = 1\n');
  writeFileSync(join(project, 'tests', '__pycache__', 'x.pyc'), '');
  writeFileSync(join(project, '.git', 'HEAD'), 'ref');
  writeFileSync(join(project, '.venv', 'pyvenv.cfg'), 'home = /usr\n');
  const outside = join(root, 'site', 'pkg', 'sub');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(root, 'site', 'pkg', '__init__.py'), '');
  writeFileSync(join(outside, '__init__.py'), '');
  writeFileSync(join(outside, 'test_b.py'), 'B = 1\n');
  // Beside the package: data it reads by a relative path (nova's ../etc), and another package.
  mkdirSync(join(root, 'site', 'etc', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'site', 'etc', 'pkg', 'api.ini'), '[x]\n');
  mkdirSync(join(root, 'site', 'other'), { recursive: true });
  writeFileSync(join(root, 'site', 'other', '__init__.py'), '');
  return { root, project, outside };
}

t.test('the copy leaves out VCS data, caches and the output folder, and links virtualenvs and node_modules', async (t) => {
  const { root, project } = tree();
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const s = await Scratch.create(project, [join(project, '.fs')]);
  t.teardown(() => s.dispose());
  t.equal(readFileSync(join(s.root, 'tests', 'test_a.py'), 'utf8'), 'A = 1\n');
  t.notOk(existsSync(join(s.root, '.git')));
  t.notOk(existsSync(join(s.root, '.fs')));
  t.notOk(existsSync(join(s.root, 'tests', '__pycache__')));
  t.ok(lstatSync(join(s.root, '.venv')).isSymbolicLink());
  t.ok(lstatSync(join(s.root, 'node_modules')).isSymbolicLink());
  t.equal(s.mapArg(join(project, 'tests')), join(s.root, 'tests'));
  t.equal(s.mapArg('-v'), '-v');
  t.equal(s.mapArg(join(project, '.fs', 'repro', 'x.list')), join(project, '.fs', 'repro', 'x.list'), 'the --out folder is not in the copy: its paths stay');
});

t.test('edits are written for the trial and undone after it, even when it throws; outside files go to a copy of their package', async (t) => {
  const { root, project, outside } = tree();
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const s = await Scratch.create(project, []);
  t.teardown(() => s.dispose());
  const inside = join(project, 'tests', 'test_a.py');
  const far = join(outside, 'test_b.py');
  const seen = await s.withEdits([{ file: inside, start: 0, end: 1, text: 'X' }, { file: far, start: 0, end: 1, text: 'Y' }], async () => [
    readFileSync(s.map(inside), 'utf8'), readFileSync(s.map(far), 'utf8'),
  ]);
  t.same(seen, ['X = 1\n', 'Y = 1\n']);
  t.equal(readFileSync(s.map(inside), 'utf8'), 'A = 1\n', 'undone');
  t.equal(readFileSync(inside, 'utf8'), 'A = 1\n', 'the project itself is never written');
  t.equal(readFileSync(far, 'utf8'), 'B = 1\n');
  t.match(s.map(far), /outside-0\/pkg\/sub\/test_b\.py$/, 'the whole top-level package is copied');
  t.same(s.pythonPath, [join(s.root, '..', 'outside-0')]);
  t.equal(readFileSync(join(s.root, '..', 'outside-0', 'etc', 'pkg', 'api.ini'), 'utf8'), '[x]\n', 'data beside the package is reachable from its copy');
  t.notOk(existsSync(join(s.root, '..', 'outside-0', 'other')), 'other packages still import from where they are');
  await t.rejects(s.withEdits([{ file: inside, start: 0, end: 1, text: 'Z' }], async () => { throw new Error('boom'); }), /boom/);
  t.equal(readFileSync(s.map(inside), 'utf8'), 'A = 1\n', 'undone after a throw');
});
