// CPython's test_asyncio under flakescope (pyenv python3): a cheap subset (the package takes minutes):
// event loops made and closed per test, the default executor's threads, child watchers' threads.
import t from 'tap';
import { checkSuite } from './check.js';

t.test('test_asyncio subset: no error finding beyond the reviewed ones', async (t) => {
  checkSuite(t, {
    suite: 'cpython-asyncio', python: 'python3',
    args: ['test.test_asyncio.test_base_events', 'test.test_asyncio.test_unix_events', 'test.test_asyncio.test_threads'], atLeast: 200,
  });
});
