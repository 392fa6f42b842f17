import t from 'tap';
import { detectRunner } from '../../src/run/runner-detect.js';

t.test('runners from argv', async (t) => {
  t.equal(detectRunner(['python3', '-m', 'pytest', '-n', '2']).kind, 'pytest');
  t.equal(detectRunner(['/usr/bin/python3', '-m', 'testtools.run', 'x']).kind, 'testtools');
  t.equal(detectRunner(['python3.11', '-m', 'unittest']).kind, 'unittest');
  t.equal(detectRunner(['.venv/bin/pytest', 'tests']).kind, 'pytest');
  t.equal(detectRunner(['stestr', 'run']).kind, 'stestr');
  t.equal(detectRunner(['python', '-m', 'tornado.test.runtests']).kind, 'tornado');
  t.same(detectRunner(['python3', '-W', 'error', 'runtests.py', 'a']), { kind: 'script', argsAt: 4 });
  t.equal(detectRunner(['make', 'test']).kind, 'unknown');
});
