import t from 'tap';
import { changedTests, parseDiff, testIdFor, testsInSource } from '../../src/run/new-tests.js';

const SOURCE = `import unittest


def helper():
    return 1


class TestA(unittest.TestCase):
    def setUp(self):
        self.x = 1

    def test_one(self):
        """Docstring.
no indentation here
        """
        self.assertEqual(self.x, 1)

    @unittest.skipIf(False, "never")
    def test_two(self):
        pass


class TestB(unittest.TestCase):
    async def test_three(self):
        pass


def test_function():
    assert helper() == 1
`;

t.test('tests and their line spans, decorators included, docstrings not read as code', async (t) => {
  const { tests, classes } = testsInSource(SOURCE);
  t.same(tests.map((x) => [x.classes.join('.'), x.name, x.start, x.end]), [
    ['TestA', 'test_one', 12, 16], ['TestA', 'test_two', 18, 20], ['TestB', 'test_three', 24, 25], ['', 'test_function', 28, 29],
  ]);
  t.same(classes.map((c) => [c.classes.join('.'), c.start, c.end]), [['TestA', 8, 20], ['TestB', 23, 25]]);
});

t.test('a change selects the tests it touches; a change to the class outside tests selects all of its tests', async (t) => {
  const ids = (ranges: Array<[number, number]> | 'all') => changedTests(SOURCE, ranges).map((x) => x.name);
  t.same(ids([[16, 16]]), ['test_one']);
  t.same(ids([[14, 14]]), ['test_one'], 'a line of its docstring');
  t.same(ids([[18, 18]]), ['test_two'], 'a decorator line belongs to its test');
  t.same(ids([[10, 10]]), ['test_one', 'test_two'], 'setUp changed: every test of TestA');
  t.same(ids([[4, 5]]), [], 'a module-level helper selects nothing');
  t.same(ids('all'), ['test_one', 'test_two', 'test_three', 'test_function'], 'a new file: all of its tests');
});

t.test('git diff -U0 hunks give the new side line ranges; an added file is all of it', async (t) => {
  const diff = [
    'diff --git a/tests/test_a.py b/tests/test_a.py', '--- a/tests/test_a.py', '+++ b/tests/test_a.py',
    '@@ -10,2 +10,3 @@ class TestA', '+x', '@@ -20 +21 @@', '-y', '+y', '@@ -30,2 +31,0 @@', '-z',
    'diff --git a/tests/test_new.py b/tests/test_new.py', 'new file mode 100644', '--- /dev/null', '+++ b/tests/test_new.py', '@@ -0,0 +1,5 @@',
    'diff --git a/gone.py b/gone.py', '--- a/gone.py', '+++ /dev/null', '@@ -1,3 +0,0 @@',
  ].join('\n');
  t.same([...parseDiff(diff)], [['tests/test_a.py', [[10, 12], [21, 21], [31, 32]]], ['tests/test_new.py', 'all']]);
});

t.test("ids in the runner's syntax", async (t) => {
  const [one, , , fn] = testsInSource(SOURCE).tests;
  t.equal(testIdFor('pytest', 'tests/test_a.py', one!), 'tests/test_a.py::TestA::test_one');
  t.equal(testIdFor('unittest', 'tests/test_a.py', one!), 'tests.test_a.TestA.test_one');
  t.equal(testIdFor('load-list', 'tests/test_a.py', one!), 'tests.test_a.TestA.test_one');
  t.equal(testIdFor('pytest', 'tests/test_a.py', fn!), 'tests/test_a.py::test_function');
  t.equal(testIdFor('unittest', 'tests/test_a.py', fn!), null, 'unittest runs no plain function');
});
