import t from 'tap';
import { fixLeakedPatch } from '../../src/fix/patch-fix.js';
import { finding, project } from './harness.js';

const lp = (test: string, line: number, target: string, scope = 'test', file = 'test_x.py') =>
  finding('leaked-patch', test, { file, line }, { target, evidence: { how: 'start', owner: { scope, id: test } } });

t.test('unittest: an inline start() gets a named patcher and addCleanup at every scope', async (t) => {
  const src = [
    'import unittest',
    'from unittest import mock',
    '',
    '',
    'def setUpModule():',
    '    mock.patch("m.a", return_value=1).start()',
    '',
    '',
    'class T(unittest.TestCase):',
    '    @classmethod',
    '    def setUpClass(cls):',
    '        cls.b = mock.patch("m.b").start()  # keep this comment',
    '',
    '    def test_c(self):',
    '        mock.patch.object(m, "c",',
    '                          return_value=2).start()',
    '        self.assertTrue(True)',
    '',
  ].join('\n');
  const p = project({ 'test_x.py': src });
  t.teardown(p.cleanup);
  const mod = p.after(await fixLeakedPatch(lp('test_x', 6, 'm.a', 'module'), p.ctx))['test_x.py'];
  t.match(mod, '    patcher = mock.patch("m.a", return_value=1)\n    patcher.start()\n    unittest.addModuleCleanup(patcher.stop)\n');
  const cls = p.after(await fixLeakedPatch(lp('test_x.T', 12, 'm.b', 'class'), p.ctx))['test_x.py'];
  t.match(cls, '        patcher = mock.patch("m.b")\n        cls.b = patcher.start()  # keep this comment\n        cls.addClassCleanup(patcher.stop)\n');
  const test = p.after(await fixLeakedPatch(lp('test_x.T.test_c', 15, 'm.c'), p.ctx))['test_x.py'];
  t.match(test, '        patcher = mock.patch.object(m, "c",\n                          return_value=2)\n        patcher.start()\n        self.addCleanup(patcher.stop)\n        self.assertTrue(True)');
});

t.test('unittest: a named patcher started in setUp gets only the addCleanup line; a taken name is not reused', async (t) => {
  const p = project({
    'test_x.py': [
      'import unittest',
      'from unittest import mock',
      'patcher = None',
      'class T(unittest.TestCase):',
      '    def setUp(self):',
      '        self.p = mock.patch("m.a")',
      '        self.p.start()',
      '    def test_b(self):',
      '        mock.patch("m.b").start()',
      '',
    ].join('\n'),
  });
  t.teardown(p.cleanup);
  const named = await fixLeakedPatch(lp('test_x.T.test_a', 7, 'm.a'), p.ctx);
  t.ok('edits' in named && named.edits.length === 1, 'one inserted line');
  t.match(p.after(named)['test_x.py'], '        self.p.start()\n        self.addCleanup(self.p.stop)\n');
  t.match(p.after(await fixLeakedPatch(lp('test_x.T.test_b', 9, 'm.b'), p.ctx))['test_x.py'], 'patcher_2 = mock.patch("m.b")', 'a module-level patcher is not shadowed');
});

t.test('pytest: mocker when pytest-mock is there (and the import it no longer needs goes), else a with block; named patchers get request.addfinalizer', async (t) => {
  const files = {
    'test_p.py': [
      'from unittest import mock',
      '',
      '',
      'def test_inline():',
      '    m = mock.patch("m.a", return_value=0).start()',
      '    assert m() == 0',
      '',
      '',
      'def test_named(tmp_path):',
      '    p = mock.patch("m.b")',
      '    p.start()',
      '',
    ].join('\n'),
  };
  const withMocker = project(files, { runner: 'pytest', hasPytestMock: true });
  t.teardown(withMocker.cleanup);
  const mocked = withMocker.after(await fixLeakedPatch(lp('test_p.py::test_inline', 5, 'm.a', 'test', 'test_p.py'), withMocker.ctx))['test_p.py'];
  t.match(mocked, 'def test_inline(mocker):\n    m = mocker.patch("m.a", return_value=0)\n');
  t.match(mocked, /^from unittest import mock\n/, 'mock is still used by test_named');
  const plain = project(files, { runner: 'pytest' });
  t.teardown(plain.cleanup);
  const withBlock = plain.after(await fixLeakedPatch(lp('test_p.py::test_inline', 5, 'm.a', 'test', 'test_p.py'), plain.ctx))['test_p.py'];
  t.match(withBlock, 'def test_inline():\n    with mock.patch("m.a", return_value=0) as m:\n        assert m() == 0\n');
  const named = plain.after(await fixLeakedPatch(lp('test_p.py::test_named', 11, 'm.b', 'test', 'test_p.py'), plain.ctx))['test_p.py'];
  t.match(named, 'def test_named(tmp_path, request):\n    p = mock.patch("m.b")\n    p.start()\n    request.addfinalizer(p.stop)\n');
});

t.test('pytest-mock: the mock import goes when the fix took its last use', async (t) => {
  const p = project({ 'test_p.py': 'import os\nfrom unittest import mock\n\n\ndef test_a():\n    mock.patch.dict(os.environ, {"A": "1"}).start()\n' }, { runner: 'pytest', hasPytestMock: true });
  t.teardown(p.cleanup);
  t.equal(p.after(await fixLeakedPatch(lp('test_p.py::test_a', 6, 'os.environ', 'test', 'test_p.py'), p.ctx))['test_p.py'],
    'import os\n\n\ndef test_a(mocker):\n    mocker.patch.dict(os.environ, {"A": "1"})\n');
});

t.test('pytest fixture: return becomes yield and the patcher stops after it', async (t) => {
  const p = project({
    'conftest.py': 'import pytest\nfrom unittest import mock\n\n\n@pytest.fixture\ndef rate():\n    mock.patch("m.rate", return_value=2).start()\n    return 2\n\n\n@pytest.fixture(scope="module")\ndef bare():\n    mock.patch("m.x").start()\n',
  }, { runner: 'pytest' });
  t.teardown(p.cleanup);
  t.match(p.after(await fixLeakedPatch(lp('t.py::test_a', 7, 'm.rate', 'test', 'conftest.py'), p.ctx))['conftest.py'],
    'def rate():\n    patcher = mock.patch("m.rate", return_value=2)\n    patcher.start()\n    yield 2\n    patcher.stop()\n');
  t.match(p.after(await fixLeakedPatch(lp('f1', 13, 'm.x', 'fixture', 'conftest.py'), p.ctx))['conftest.py'],
    'def bare():\n    patcher = mock.patch("m.x")\n    patcher.start()\n    yield\n    patcher.stop()\n');
});

t.test('no fix, with the reason: not started by hand, no start() at the line, a helper with no test, a shared line', async (t) => {
  const p = project({
    'test_x.py': 'import unittest\nfrom unittest import mock\n\n\ndef helper():\n    mock.patch("m.a").start()\n\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        x = 1; mock.patch("m.b").start()\n',
  });
  t.teardown(p.cleanup);
  const viaFixture = await fixLeakedPatch(finding('leaked-patch', 'a', { file: 'test_x.py', line: 6 }, { evidence: { how: 'fixture' } }), p.ctx);
  t.match(viaFixture, { reason: /started by fixture/ });
  t.match(await fixLeakedPatch(lp('x', 1, 'm.a'), p.ctx), { reason: /no \.start\(\) call/ });
  t.match(await fixLeakedPatch(lp('test_x.T.test_a', 6, 'm.a'), p.ctx), { reason: /helper outside any test class/ });
  t.match(await fixLeakedPatch(lp('test_x.T.test_a', 11, 'm.b'), p.ctx), { reason: /other code before the statement/ });
  t.match(await fixLeakedPatch(lp('test_x.T.test_a', 2, 'm.b', 'test', 'missing.py'), p.ctx), { reason: /cannot be parsed|cannot read/ });
});
