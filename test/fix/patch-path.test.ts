import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { patchPath } from '../../src/fix/patch-path.js';

t.test('patch paths: from the git work tree of the run\'s folder, else that folder, else the folder holding the top-level package', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'flakescope-patch-path-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const repo = join(root, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'sub', 'tests'), { recursive: true });
  t.equal(patchPath(join(repo, 'sub', 'tests', 'test_a.py'), join(repo, 'sub')), 'sub/tests/test_a.py');
  const plain = join(root, 'plain');
  mkdirSync(join(plain, 'tests'), { recursive: true });
  t.equal(patchPath(join(plain, 'tests', 'test_a.py'), plain), 'tests/test_a.py');
  const pkg = join(root, 'site', 'nova', 'tests');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(root, 'site', 'nova', '__init__.py'), '');
  writeFileSync(join(pkg, '__init__.py'), '');
  t.equal(patchPath(join(pkg, 'test_b.py'), plain), 'nova/tests/test_b.py');
});
