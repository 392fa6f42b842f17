import t from 'tap';
import path from 'node:path';
import { reproCommand, shimPythonPath } from '../../src/repro/command.js';
import { shellLine, shellQuote } from '../../src/report/shell-line.js';

const ctx = (command: string[], pythonPath?: string) => ({
  command, cwd: '/proj', shimDir: '/opt/fs/python-shim', listFile: '/out/repro/x.list', ...(pythonPath ? { pythonPath } : {}),
});

t.test('unittest: narrowed to the tests, env holds only the perturbation and PYTHONPATH', async (t) => {
  const c = reproCommand(ctx(['python3', '-m', 'unittest', '-v', 'tests']), { tests: ['t.A.test_p', 't.A.test_v'], perturbation: { sleepSites: { 't.py:3': 0 } } });
  t.same(c.argv, ['python3', '-m', 'unittest', '-v', 't.A.test_p', 't.A.test_v']);
  t.same(c.env, { PYTHONPATH: '/opt/fs/python-shim', FLAKESCOPE_SLEEP_SITES: '{"t.py:3":0}' });
  t.equal(c.cwd, '/proj');
  t.equal(c.narrowed, true);
});

t.test('the hang limit and jitter seed go in the env; nothing else of the run does', async (t) => {
  const c = reproCommand(ctx(['python3', '-m', 'unittest']), { tests: ['t.T.x'], perturbation: { timeout: 2, jitterMs: 5, seed: 7 } });
  t.same(Object.keys(c.env).sort(), ['FLAKESCOPE_JITTER_MS', 'FLAKESCOPE_SEED', 'FLAKESCOPE_TIMEOUT', 'PYTHONPATH']);
  t.equal(c.env.FLAKESCOPE_TIMEOUT, '2');
  t.notOk('FLAKESCOPE_TRACE_DIR' in c.env);
});

t.test('PYTHONPATH chains the user\'s after the shim, without duplicating the shim', async (t) => {
  t.equal(shimPythonPath('/opt/fs/python-shim', `/src${path.delimiter}/opt/fs/python-shim${path.delimiter}/lib`), ['/opt/fs/python-shim', '/src', '/lib'].join(path.delimiter));
  t.equal(reproCommand(ctx(['python3', '-m', 'unittest'], '/src'), { tests: ['a'], perturbation: {} }).env.PYTHONPATH, `/opt/fs/python-shim${path.delimiter}/src`);
});

t.test('a load-list runner gets a list file by absolute path', async (t) => {
  const c = reproCommand(ctx(['python3', '-m', 'testtools.run', 'pkg.tests']), { tests: ['pkg.tests.T.a', 'pkg.tests.T.v'], perturbation: { order: 'reverse' } });
  t.same(c.argv.slice(-2), ['--load-list', '/out/repro/x.list']);
  t.equal(c.listText, 'pkg.tests.T.a\npkg.tests.T.v\n');
  t.equal(c.env.FLAKESCOPE_ORDER, 'reverse');
});

t.test('repeats only where the runner runs a test once per mention', async (t) => {
  const u = reproCommand(ctx(['python3', '-m', 'unittest']), { tests: ['t.T.f'], perturbation: {}, repeat: 3 });
  t.same(u.argv.slice(3), ['--failfast', 't.T.f', 't.T.f', 't.T.f'], 'repeated, it stops at its first failure');
  t.equal(u.repeat, 3);
  t.notOk(reproCommand(ctx(['python3', '-m', 'unittest']), { tests: ['t.T.f'], perturbation: {} }).argv.includes('--failfast'), 'run once, as the user runs it');
  const p = reproCommand(ctx(['python3', '-m', 'pytest']), { tests: ['t.py::f'], perturbation: {}, repeat: 3 });
  t.equal(p.repeat, 1);
  t.equal(p.argv.filter((a) => a === 't.py::f').length, 1);
});

t.test('an unknown runner runs the whole command, and says so', async (t) => {
  const c = reproCommand(ctx(['./run-tests.sh']), { tests: ['x'], perturbation: {} });
  t.same(c.argv, ['./run-tests.sh']);
  t.equal(c.narrowed, false);
});

t.test('shell quoting: safe words bare, others single-quoted with embedded quotes escaped', async (t) => {
  t.equal(shellQuote('python3'), 'python3');
  t.equal(shellQuote('{"t.py:3":0}'), `'{"t.py:3":0}'`);
  t.equal(shellQuote("it's"), `'it'\\''s'`);
  t.equal(shellQuote(''), `''`);
  t.equal(shellQuote('a b;rm -rf x'), `'a b;rm -rf x'`);
  t.equal(shellLine({ cwd: '/my proj', env: { FLAKESCOPE_SLEEP_SITES: '{"a.py:1":0}' }, argv: ['python3', '-c', 'print(1)'] }),
    `cd '/my proj' && env FLAKESCOPE_SLEEP_SITES='{"a.py:1":0}' python3 -c 'print(1)'`);
});

t.test('the quoted words read back as the same words in a real shell', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const words = ['{"t.py:3":0}', "it's", 'a b', '$HOME', '`x`', 'é', '!', ''];
  const out = spawnSync('/bin/sh', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
  t.same(out.stdout.split('\n').slice(0, -1), words);
});

t.test('pytest with a hang limit loads the shim\'s plugin, which times tests without a trace', async (t) => {
  const c = reproCommand(ctx(['python3', '-m', 'pytest', 'tests/']), { tests: ['tests/t.py::h'], perturbation: { timeout: 3 } });
  t.same(c.argv, ['python3', '-m', 'pytest', '-p', 'flakescope_shim.pytest.plugin', '-p', 'no:cacheprovider', 'tests/t.py::h']);
  t.notOk(reproCommand(ctx(['python3', '-m', 'pytest']), { tests: ['t.py::f'], perturbation: {} }).argv.includes('flakescope_shim.pytest.plugin'));
});
