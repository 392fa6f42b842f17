import t from 'tap';
import { splitTestId, pytestFile } from '../../src/report/test-id.js';

t.test('unittest ids', async (t) => {
  t.same(splitTestId('pkg.mod.Class.test_b'), { classname: 'pkg.mod.Class', name: 'test_b' });
  t.same(splitTestId('pkg.mod.Class.test_b (x=1.5)'), { classname: 'pkg.mod.Class', name: 'test_b (x=1.5)' });
  t.same(splitTestId('lonely'), { classname: '', name: 'lonely' });
  t.equal(pytestFile('pkg.mod.Class.test_b'), null);
});

t.test('pytest node ids', async (t) => {
  t.same(splitTestId('tests/unit/test_x.py::TestA::test_b'), { classname: 'tests.unit.test_x.TestA', name: 'test_b' });
  t.same(splitTestId('test_x.py::test_c[1::2.5]'), { classname: 'test_x', name: 'test_c[1::2.5]' });
  t.equal(pytestFile('tests/test_x.py::T::test[a::b]'), 'tests/test_x.py');
});
