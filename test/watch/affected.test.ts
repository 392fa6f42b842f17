import t from 'tap';
import { moduleOfFile, moduleOfUnittestId } from '../../src/run/python-module.js';
import { planRerun } from '../../src/watch/affected.js';

const CWD = '/proj';
const unittestCmd = ['python3', '-m', 'unittest', '-v', 'tests.test_a', 'tests.test_b'];
const pytestCmd = ['python3', '-m', 'pytest', '-q', 'tests'];
const testtoolsCmd = ['python3', '-m', 'testtools.run', 'tests.test_a'];
const knownUnittest = ['tests.test_a.T.test_one', 'tests.test_a.T.test_two', 'tests.test_b.U.test_b(scenario.x)'];
const knownPytest = ['tests/test_a.py::test_one', 'tests/test_a.py::T::test_two[1]', 'tests/test_b.py::test_b'];

t.test('module names from paths and unittest ids', async (t) => {
  t.equal(moduleOfFile('tests/test_a.py'), 'tests.test_a');
  t.equal(moduleOfFile('pkg/__init__.py'), 'pkg');
  t.equal(moduleOfUnittestId('tests.test_a.T.test_one'), 'tests.test_a');
  t.equal(moduleOfUnittestId('tests.test_b.U.test_b(scenario.x)'), 'tests.test_b');
  t.equal(moduleOfUnittestId('unittest.loader._FailedTest.tests.test_a'), 'tests.test_a');
});

t.test('unittest: a changed test file reruns its module', async (t) => {
  const plan = planRerun(unittestCmd, CWD, knownUnittest, [{ file: '/proj/tests/test_a.py', kind: 'changed' }]);
  t.same(plan.tests, ['tests.test_a']);
  t.same(plan.tests === null ? null : plan.covered, ['tests.test_a.T.test_one', 'tests.test_a.T.test_two']);
  t.match(plan.reason, /only test files changed \(tests\/test_a\.py\)/);
});

t.test('unittest: a module that failed to import is still its test file', async (t) => {
  const plan = planRerun(unittestCmd, CWD, ['unittest.loader._FailedTest.tests.test_a'], [{ file: '/proj/tests/test_a.py', kind: 'changed' }]);
  t.same(plan.tests, ['tests.test_a']);
});

t.test('pytest: changed test files are passed as paths', async (t) => {
  const plan = planRerun(pytestCmd, CWD, knownPytest, [
    { file: '/proj/tests/test_a.py', kind: 'changed' }, { file: '/proj/tests/test_b.py', kind: 'changed' }]);
  t.same(plan.tests, ['tests/test_a.py', 'tests/test_b.py']);
  t.same(plan.tests === null ? null : plan.covered, knownPytest);
});

t.test('testtools: the known ids of the changed module', async (t) => {
  const plan = planRerun(testtoolsCmd, CWD, knownUnittest, [{ file: '/proj/tests/test_a.py', kind: 'changed' }]);
  t.same(plan.tests, ['tests.test_a.T.test_one', 'tests.test_a.T.test_two']);
  const failed = planRerun(testtoolsCmd, CWD, ['unittest.loader._FailedTest.tests.test_a'], [{ file: '/proj/tests/test_a.py', kind: 'changed' }]);
  t.equal(failed.tests, null, 'a failed import has no selectable ids');
});

t.test('everything is rerun for a source file, a new or deleted file, or an unknown runner', async (t) => {
  const source = planRerun(unittestCmd, CWD, knownUnittest, [
    { file: '/proj/tests/test_a.py', kind: 'changed' }, { file: '/proj/pkg/core.py', kind: 'changed' }]);
  t.equal(source.tests, null);
  t.match(source.reason, /reran everything: pkg\/core\.py is not a test file/);
  t.equal(planRerun(pytestCmd, CWD, knownPytest, [{ file: '/proj/tests/test_new.py', kind: 'changed' }]).tests, null);
  const deleted = planRerun(pytestCmd, CWD, knownPytest, [{ file: '/proj/tests/test_a.py', kind: 'deleted' }]);
  t.equal(deleted.tests, null);
  t.match(deleted.reason, /deleted/);
  const unknown = planRerun(['make', 'test'], CWD, knownUnittest, [{ file: '/proj/tests/test_a.py', kind: 'changed' }]);
  t.equal(unknown.tests, null);
  t.match(unknown.reason, /make cannot be narrowed/);
});
