import t from 'tap';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { buildChildEnv, PYTEST_PLUGIN } from '../../src/run/env.js';
import { SHIM_DIR } from '../../src/package-info.js';

const opts = { shimDir: '/pkg/python-shim', traceDir: '/out/traces/0', run: 0 };

t.test('injects the shim first on PYTHONPATH and sets the trace variables', async (t) => {
  const env = buildChildEnv({ PATH: '/bin', PYTHONPATH: `/a${path.delimiter}/b` }, opts);
  t.equal(env.PYTHONPATH, ['/pkg/python-shim', '/a', '/b'].join(path.delimiter));
  t.equal(env.FLAKESCOPE_TRACE_DIR, '/out/traces/0');
  t.equal(env.FLAKESCOPE_RUN, '0');
  t.equal(env.PATH, '/bin', 'the rest of the environment is kept');
});

t.test('without a previous PYTHONPATH the shim is the only entry (no empty entry = cwd)', async (t) => {
  t.equal(buildChildEnv({}, opts).PYTHONPATH, '/pkg/python-shim');
  t.equal(buildChildEnv({ PYTHONPATH: '' }, opts).PYTHONPATH, '/pkg/python-shim');
});

t.test('PYTEST_PLUGINS gets the shim plugin appended to any previous comma list, once', async (t) => {
  t.equal(buildChildEnv({}, opts).PYTEST_PLUGINS, PYTEST_PLUGIN);
  t.equal(buildChildEnv({ PYTEST_PLUGINS: 'a.b, c' }, opts).PYTEST_PLUGINS, `a.b,c,${PYTEST_PLUGIN}`);
  t.equal(buildChildEnv({ PYTEST_PLUGINS: PYTEST_PLUGIN }, opts).PYTEST_PLUGINS, PYTEST_PLUGIN);
});

t.test('is pure: the input env is not modified, paths are made absolute', async (t) => {
  const base = { PYTHONPATH: '/a' };
  const env = buildChildEnv(base, { shimDir: 'rel/shim', traceDir: 'rel/traces/3', run: 3 });
  t.same(base, { PYTHONPATH: '/a' });
  t.ok(path.isAbsolute(env.FLAKESCOPE_TRACE_DIR ?? ''));
  t.ok(path.isAbsolute((env.PYTHONPATH ?? '').split(path.delimiter)[0] ?? ''));
  t.equal(env.FLAKESCOPE_RUN, '3');
});

t.test('the package shim dir resolves to <package root>/python-shim', async (t) => {
  t.equal(path.basename(SHIM_DIR), 'python-shim');
  t.ok(existsSync(path.join(path.dirname(SHIM_DIR), 'package.json')));
});

t.test('a scoped sleep scale sets FLAKESCOPE_SLEEP_SCOPE; an inherited one is dropped', async (t) => {
  const env = buildChildEnv({}, { ...opts, perturbation: { sleepScale: 0, sleepScope: 'nova/tests/t.py' } });
  t.equal(env.FLAKESCOPE_SLEEP_SCALE, '0');
  t.equal(env.FLAKESCOPE_SLEEP_SCOPE, 'nova/tests/t.py');
  t.notOk('FLAKESCOPE_SLEEP_SCOPE' in buildChildEnv({ FLAKESCOPE_SLEEP_SCOPE: 'x.py' }, opts));
});
