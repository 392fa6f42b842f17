import t from 'tap';
import { inSleepScope, onlySleepScaled, scaleAt, siteKey } from '../../src/trace/scale.js';

t.test('the scope is the file itself or a path-segment suffix of it', async (t) => {
  t.ok(inSleepScope('tests/test_x.py', undefined), 'no scope: every file');
  t.ok(inSleepScope('tests/test_x.py', 'tests/test_x.py'));
  t.ok(inSleepScope('/usr/lib/python3/dist-packages/nova/tests/t.py', 'nova/tests/t.py'));
  t.ok(inSleepScope('tests/test_x.py', 'test_x.py'));
  t.notOk(inSleepScope('tests/my_test_x.py', 'test_x.py'), 'a suffix inside a file name is not a segment');
  t.notOk(inSleepScope('nova/helpers.py', 'nova/tests/t.py'));
  t.notOk(inSleepScope('tests/test_x.py.orig', 'test_x.py'));
});

t.test('effective scale at a site: its own entry, else the global scale in scope, else 1', async (t) => {
  const scoped = { sleepScale: 0, sleepScope: 'tests/t.py' };
  t.equal(scaleAt(scoped, 'tests/t.py:193'), 0);
  t.equal(scaleAt(scoped, 'nova/helpers.py:139'), 1, 'outside the scope runs at 1x');
  t.equal(scaleAt({ ...scoped, sleepSites: { 'nova/helpers.py:139': 3 } }, 'nova/helpers.py:139'), 3, 'a site entry wins over the scope');
  t.equal(scaleAt({ sleepScale: 3 }, 'anything.py:1'), 3);
  t.equal(scaleAt({}, 'a.py:1'), 1);
  t.equal(scaleAt({ sleepScale: 0, sleepScope: 'C:/w/t.py' }, 'C:/w/t.py:4'), 0, 'the line is split off at the last colon');
  t.equal(siteKey({ file: 'a.py', line: 3 }), 'a.py:3');
});

t.test('a scoped sleep scale is still only sleep scaling', async (t) => {
  t.ok(onlySleepScaled({ sleepScale: 0, sleepScope: 't.py' }));
  t.notOk(onlySleepScaled({ sleepScale: 0, jitterMs: 5 }));
});
