import t from 'tap';
import { applyEdits } from '../../src/fix/edit.js';
import { addImport, boundName, dropUnusedImports, moduleRef, patchRef } from '../../src/fix/imports.js';
import { PythonAst } from '../../src/fix/python-ast.js';
import { SourceFile } from '../../src/fix/source.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function parsed(text: string): Promise<SourceFile> {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-imports-'));
  try {
    const file = join(dir, 'm.py');
    writeFileSync(file, text);
    const r = (await new PythonAst('python3').parse([file])).get(file);
    if (!r || 'error' in r) throw new Error('no tree');
    return new SourceFile(file, text, r.tree);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withImport = async (text: string, line: string): Promise<string> => {
  const src = await parsed(text);
  return applyEdits(text, [addImport(src, line)]);
};

t.test('a new import goes where isort would put it: the first block, plain imports before from-imports, by name', async (t) => {
  const grouped = '"""Doc."""\nfrom __future__ import annotations\n\nimport os\nimport unittest\nfrom unittest import mock\n\nimport mypkg\n';
  t.equal(await withImport(grouped, 'import functools'), grouped.replace('import os\n', 'import functools\nimport os\n'));
  t.equal(await withImport(grouped, 'import sys'), grouped.replace('import unittest\n', 'import sys\nimport unittest\n'));
  t.equal(await withImport('import os\nimport unittest\n\nimport mypkg\n', 'from unittest import mock'), 'import os\nimport unittest\nfrom unittest import mock\n\nimport mypkg\n');
  t.equal(await withImport('"""Only a docstring."""\nX = 1\n', 'import os'), '"""Only a docstring."""\nimport os\nX = 1\n');
  t.equal(await withImport('X = 1', 'import os'), 'import os\nX = 1');
});

t.test('names a module is bound to, mock in its usual forms', async (t) => {
  const src = await parsed('import os as o\nimport unittest.mock\nfrom unittest import mock as m\n');
  t.equal(boundName(src.tree, null, 'os'), 'o');
  t.equal(moduleRef(src, null, 'os').edit, null);
  t.equal(patchRef(src, null).name, 'unittest.mock.patch');
  t.equal(patchRef(await parsed('from unittest.mock import patch as p\n'), null).name, 'p');
  t.equal(patchRef(await parsed('import mock\n'), null).name, 'mock.patch', 'the mock backport');
  const none = patchRef(await parsed('import os\n'), null);
  t.equal(none.name, 'mock.patch');
  t.equal(none.edit?.text, 'from unittest import mock\n');
});

t.test('an import the edits leave unused is dropped; one still used, or imported with others, stays', async (t) => {
  const text = 'import time\nimport os, sys\n\n\ndef f():\n    time.sleep(1)\n    os.getcwd()\n';
  const src = await parsed(text);
  const sleep = text.indexOf('time.sleep(1)');
  const replaced = { file: src.path, start: sleep, end: sleep + 'time.sleep(1)'.length, text: 'pass' };
  t.same(dropUnusedImports(src, [replaced], ['time']).map((e) => text.slice(e.start, e.end)), ['import time\n']);
  t.same(dropUnusedImports(src, [{ ...replaced, text: 'time.monotonic()' }], ['time']), [], 'the new text uses it');
  t.same(dropUnusedImports(src, [], ['time']), [], 'still used');
  const cwd = text.indexOf('os.getcwd()');
  t.same(dropUnusedImports(src, [{ file: src.path, start: cwd, end: cwd + 11, text: 'pass' }], ['os']), [], 'imported with sys on one line');
});
