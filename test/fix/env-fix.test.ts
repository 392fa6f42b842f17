import t from 'tap';
import { fixEnvPollution } from '../../src/fix/env-fix.js';
import { proc, run, type Ev } from '../fixtures/events.js';
import { finding, project } from './harness.js';

const env = (test: string, line: number | null, target: string, file = 'test_x.py') =>
  finding('env-pollution', test, line === null ? null : { file, line }, { target });

const UNITTEST = [
  'import logging',
  'import os',
  'import unittest',
  '',
  'import helpers',
  '',
  '',
  'class T(unittest.TestCase):',
  '    def test_env(self):',
  '        os.environ["MODE"] = "fast"',
  '',
  '    def test_del(self):',
  '        del os.environ["HOME"]',
  '',
  '    def test_cwd(self):',
  '        os.chdir("/tmp")',
  '',
  '    def test_level(self):',
  '        logging.getLogger("app").setLevel(logging.DEBUG)',
  '',
  '    def test_helper(self):',
  '        """Changes sys.path through a helper."""',
  '        helpers.extend_path()',
  '',
].join('\n');

t.test('unittest: os.environ[K] = v becomes a started patch.dict with its stop as a cleanup (mock imported in the stdlib block)', async (t) => {
  const p = project({ 'test_x.py': UNITTEST });
  t.teardown(p.cleanup);
  const out = p.after(await fixEnvPollution(env('test_x.T.test_env', 10, 'os.environ[MODE]'), p.ctx))['test_x.py'];
  t.match(out, 'import unittest\nfrom unittest import mock\n\nimport helpers\n');
  t.match(out, '        environ_patcher = mock.patch.dict(os.environ, {"MODE": "fast"})\n        environ_patcher.start()\n        self.addCleanup(environ_patcher.stop)\n');
});

t.test('unittest: other changes are saved before the statement and restored by a cleanup', async (t) => {
  const p = project({ 'test_x.py': UNITTEST });
  t.teardown(p.cleanup);
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_del', 13, 'os.environ[HOME]'), p.ctx))['test_x.py'],
    '        environ_patcher = mock.patch.dict(os.environ)\n        environ_patcher.start()\n        self.addCleanup(environ_patcher.stop)\n        del os.environ["HOME"]\n');
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_cwd', 16, 'cwd'), p.ctx))['test_x.py'], '        self.addCleanup(os.chdir, os.getcwd())\n        os.chdir("/tmp")\n');
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_level', 19, 'logging:app'), p.ctx))['test_x.py'],
    '        self.addCleanup(logging.getLogger("app").setLevel, logging.getLogger("app").level)\n        self.addCleanup(setattr, logging.getLogger("app"), "handlers", logging.getLogger("app").handlers[:])\n');
});

t.test('signal, socket timeout and asyncio policy restores name what the target names, importing what the file lacks', async (t) => {
  const p = project({ 'test_x.py': 'import unittest\n\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        do_it()\n' });
  t.teardown(p.cleanup);
  const sig = p.after(await fixEnvPollution(env('test_x.T.test_a', 6, 'signal.SIGUSR1'), p.ctx))['test_x.py'];
  t.match(sig, 'import signal\nimport unittest\n');
  t.match(sig, 'self.addCleanup(signal.signal, signal.SIGUSR1, signal.getsignal(signal.SIGUSR1))\n        do_it()');
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_a', 6, 'socket.getdefaulttimeout()'), p.ctx))['test_x.py'], 'self.addCleanup(socket.setdefaulttimeout, socket.getdefaulttimeout())');
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_a', 6, 'asyncio event loop policy'), p.ctx))['test_x.py'], 'self.addCleanup(asyncio.set_event_loop_policy, asyncio.get_event_loop_policy())');
  t.match(await fixEnvPollution(env('test_x.T.test_a', 6, 'something else'), p.ctx), { reason: /no restore for something else/ });
});

t.test('the state is saved at the top of the function that changed it, so every change it made is undone', async (t) => {
  const src = 'import logging\n\nimport fixtures\n\n\nclass Logs(fixtures.Fixture):\n    def setUp(self):\n        super().setUp()\n        root = logging.getLogger()\n        root.setLevel(logging.DEBUG)\n        root.addHandler(logging.NullHandler())\n';
  const p = project({ 'test_x.py': src });
  t.teardown(p.cleanup);
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_a', 11, 'logging:root'), p.ctx))['test_x.py'],
    '        super().setUp()\n        self.addCleanup(logging.getLogger().setLevel, logging.getLogger().level)\n        self.addCleanup(setattr, logging.getLogger(), "handlers", logging.getLogger().handlers[:])\n        root = logging.getLogger()\n',
    'after super().setUp(): a fixture has no cleanups before it');
});

t.test('a change made by library code during setUp is saved at the top of the test class\'s setUp, before the base classes run', async (t) => {
  const src = 'import unittest\n\nimport base\n\n\nclass T(base.TestCase):\n    def setUp(self):\n        super().setUp()\n\n    def test_a(self):\n        pass\n';
  const events: Ev[] = [{ ev: 'test-start', test: 'test_x.T.test_a', runner: 'unittest', site: { file: 'test_x.py', line: 10 } }, { ev: 'test-end', test: 'test_x.T.test_a', outcome: 'passed', duration: 0.1 }];
  const p = project({ 'test_x.py': src }, { runs: [run(0, proc(events))] });
  t.teardown(p.cleanup);
  t.match(p.after(await fixEnvPollution(env('test_x.T.test_a', null, 'sys.path'), p.ctx))['test_x.py'],
    '    def setUp(self):\n        self.addCleanup(setattr, sys, "path", sys.path[:])\n        super().setUp()\n');
});

t.test('a change made outside the test code (no site, or a helper module) is restored from the top of the owner test, after its docstring', async (t) => {
  const events: Ev[] = [{ ev: 'test-start', test: 'test_x.T.test_helper', runner: 'unittest', site: { file: 'test_x.py', line: 21 } }, { ev: 'test-end', test: 'test_x.T.test_helper', outcome: 'passed', duration: 0.1 }];
  const p = project({ 'test_x.py': UNITTEST, 'helpers.py': 'import sys\n\n\ndef extend_path():\n    sys.path.append("/x")\n' }, { runs: [run(0, proc(events))] });
  t.teardown(p.cleanup);
  const out = p.after(await fixEnvPollution(env('test_x.T.test_helper', null, 'sys.path'), p.ctx))['test_x.py'];
  t.match(out, '        """Changes sys.path through a helper."""\n        self.addCleanup(setattr, sys, "path", sys.path[:])\n        helpers.extend_path()');
  t.match(out, 'import sys\nimport unittest\n');
  const viaHelper = p.after(await fixEnvPollution(env('test_x.T.test_helper', 5, 'sys.path', 'helpers.py'), p.ctx));
  t.same(Object.keys(viaHelper), ['test_x.py'], 'the helper module is not edited');
});

t.test('pytest: monkeypatch.setenv / delenv / chdir / syspath_prepend in place of the statement, the fixture added once', async (t) => {
  const p = project({
    'test_p.py': [
      'import os',
      'import sys',
      '',
      '',
      'def test_env(tmp_path):',
      '    os.environ["MODE"] = "fast"',
      '    del os.environ["OTHER"]',
      '    os.chdir(tmp_path)',
      '    sys.path.insert(0, "/x")',
      '    sys.path.append("/y")',
      '',
    ].join('\n'),
  }, { runner: 'pytest' });
  t.teardown(p.cleanup);
  const at = async (line: number, target: string) => p.after(await fixEnvPollution(env('test_p.py::test_env', line, target, 'test_p.py'), p.ctx))['test_p.py'];
  t.match(await at(6, 'os.environ[MODE]'), 'def test_env(tmp_path, monkeypatch):\n    monkeypatch.setenv("MODE", "fast")\n');
  t.match(await at(7, 'os.environ[OTHER]'), '    monkeypatch.delenv("OTHER")\n');
  t.match(await at(8, 'cwd'), '    monkeypatch.chdir(tmp_path)\n');
  t.match(await at(9, 'sys.path'), '    monkeypatch.syspath_prepend("/x")\n');
  t.match(await at(10, 'sys.path'), 'def test_env(tmp_path, monkeypatch):\n    monkeypatch.setattr(sys, "path", sys.path[:])\n    os.environ["MODE"] = "fast"\n', 'saved where the test starts');
});

t.test('no scope to register a restore in: the reason', async (t) => {
  const p = project({ 'conftest.py': 'import os\n\n\ndef configure():\n    os.environ["A"] = "1"\n' }, { runner: 'pytest' });
  t.teardown(p.cleanup);
  t.match(await fixEnvPollution(finding('env-pollution', 'test_a.py::test_a', { file: 'conftest.py', line: 5 }, { target: 'os.environ[A]', evidence: { owner: { scope: 'session', id: 's' } } }), p.ctx),
    { reason: /whole session/ });
});
