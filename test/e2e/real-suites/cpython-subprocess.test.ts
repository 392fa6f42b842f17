// CPython's test_subprocess under flakescope (pyenv python3): a cheap subset, since the whole module
// takes ~90 s of wall time waiting on children (its other classes were run by hand for issue 20:
// see the README). RunFuncTestCase, MiscTests and ContextManagerTests spawn, wait, time out and kill
// children (~15 s of wall time, ~3 s of CPU).
import t from 'tap';
import { checkSuite } from './check.js';

t.test('test_subprocess subset: no error finding beyond the reviewed ones', async (t) => {
  checkSuite(t, { suite: 'cpython-subprocess', python: 'python3', args: ['test.test_subprocess.RunFuncTestCase', 'test.test_subprocess.MiscTests', 'test.test_subprocess.ContextManagerTests'], atLeast: 28 });
});
