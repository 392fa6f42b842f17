import t from 'tap';
import path from 'node:path';
import { isPythonFile, watchIgnored } from '../../src/watch/ignore.js';

const file = { isFile: () => true, isDirectory: () => false };
const dir = { isFile: () => false, isDirectory: () => true };

t.test('watches Python files and project folders, nothing else', async (t) => {
  const root = t.testdir({ env: { 'pyvenv.cfg': 'home = /usr/bin\n' }, pkg: { 'a.py': '' }, tools: {} });
  const ignored = watchIgnored(path.join(root, '.flakescope'));
  t.notOk(ignored(path.join(root, 'pkg'), dir));
  t.notOk(ignored(path.join(root, 'pkg'), undefined), 'unknown kind: decided by name, not dropped');
  t.notOk(ignored(path.join(root, 'pkg', 'a.py'), file));
  t.ok(ignored(path.join(root, 'README.md'), file));
  t.ok(isPythonFile('x/y.py'));
  t.notOk(isPythonFile('x/y.pyc'));
  for (const name of ['__pycache__', '.git', 'node_modules', '.venv', '.venv-3.11', 'venv']) {
    t.ok(ignored(path.join(root, name), dir), name);
  }
  t.ok(ignored(path.join(root, 'env'), dir), 'a venv with another name, by its pyvenv.cfg');
  t.notOk(ignored(path.join(root, 'tools'), dir));
  t.ok(ignored(path.join(root, '.flakescope'), dir), 'the --out folder');
  t.ok(ignored(path.join(root, '.flakescope', 'traces', 'x.py'), file), 'inside the --out folder');
  t.notOk(ignored(path.join(root, '.flakescope-notes', 'x.py'), file), 'a sibling whose name starts the same is watched');
});
