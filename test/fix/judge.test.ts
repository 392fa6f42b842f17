import t from 'tap';
import { changedOutcomes, passedBefore } from '../../src/fix/baseline.js';
import { judge } from '../../src/fix/gone.js';
import { end, FILE, patchStart, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';
import { finding } from './harness.js';

const A = 'tests.test_x.T.test_a';
const B = 'tests.test_x.T.test_b';

const leakOf = (target: string): Ev[] => [start(A), patchStart('p1', { owner: testOwner(A), line: 10, target }), end(A), start(B), end(B, 'failed')];

t.test('a leak is gone when the replay has no finding of its kind and target for its owner, and the owner ran', async (t) => {
  const f = finding('leaked-patch', A, { file: FILE, line: 10 }, { target: 'm.x' });
  t.match(judge(f, run(0, proc(leakOf('m.x'))), [A]), { gone: false, why: /still reported/ });
  t.same(judge(f, run(0, proc(leakOf('m.y'))), [A]), { gone: true }, 'another target is another finding');
  t.same(judge(f, run(0, proc([start(A), end(A)])), [A]), { gone: true });
  t.match(judge(f, run(0, proc([start(B), end(B)])), [A]), { gone: false, why: /did not run/ });
  t.match(judge(f, null, [A]), { gone: false, why: /nothing was traced/ });
});

t.test('an env change turned into patch.dict still counts as there when that patch leaks', async (t) => {
  const f = finding('env-pollution', A, { file: FILE, line: 10 }, { target: 'os.environ[MODE]' });
  t.match(judge(f, run(0, proc(leakOf('os.environ'))), [A]), { gone: false });
});

t.test('an outcome finding is gone when its victim ran and did not fail', async (t) => {
  const f = finding('order-dependent', B, null);
  t.match(judge(f, run(0, proc(leakOf('m.x'))), [A, B]), { gone: false, why: `${B} failed` });
  t.same(judge(f, run(0, proc([start(B), end(B)])), [A, B]), { gone: true });
  t.match(judge(f, run(0, proc([start(A), end(A)])), [A, B]), { gone: false, why: /did not run/ });
});

t.test('passed before: every plain execution passed; after: a failure or a test that no longer runs is a change', async (t) => {
  const plain = run(0, proc([start(A), end(A), start(B), end(B, 'failed')]));
  const before = passedBefore([plain]);
  t.same([...before], [A]);
  t.same(changedOutcomes(before, run(1, proc([start(A), end(A, 'error')]))), [{ test: A, before: 'passed', after: 'error' }]);
  t.same(changedOutcomes(before, run(1, proc([start(B), end(B)]))), [{ test: A, before: 'passed', after: 'not run' }]);
  t.same(changedOutcomes(before, run(1, proc([start(A), end(A), start(B), end(B, 'failed')]))), []);
});
