import t from 'tap';
import { unreleasedFixture } from '../../src/check/unreleased-fixture.js';
import type { Owner } from '../../src/trace/schema.js';
import { FILE, end, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';

const A = 'tests.test_x.T.test_a';
const B = 'tests.test_x.T.test_b';

const setup = (id: string, kind: string, owner: Owner, line: number, fixture = 'DbFixture'): Ev =>
  ({ ev: 'fixture-setup', id, fixture, kind, scope: 'test', owner, site: { file: FILE, line }, test: owner.id } as Ev);
const cleanup = (id: string, error?: string): Ev => ({ ev: 'fixture-cleanup', id, ...(error === undefined ? {} : { error }) });
const check = (events: Ev[]) => unreleasedFixture([run(0, proc(events))]);

t.test('a fixtures.Fixture never cleaned up by the end of its test', async (t) => {
  const f = check([start(A), setup('f1', 'fixtures', testOwner(A), 10), end(A), start(B), end(B)]);
  t.equal(f.length, 1);
  t.equal(f[0]?.kind, 'unreleased-fixture');
  t.equal(f[0]?.test, A);
  t.same(f[0]?.site, { file: FILE, line: 10 });
  t.equal(f[0]?.target, 'DbFixture');
  t.match(f[0]?.message, 'never cleaned up');
});

t.test('cleaned up within its test: nothing; cleaned up only after it ended: late', async (t) => {
  t.same(check([start(A), setup('f1', 'fixtures', testOwner(A), 10), cleanup('f1'), end(A)]), []);
  const late = check([start(A), setup('f1', 'fixtures', testOwner(A), 10), end(A), start(B), cleanup('f1'), end(B)]);
  t.equal(late[0]?.evidence.problem, 'late');
});

t.test('cleanups that raised: addCleanup callback, pytest finalizer, Fixture.cleanUp', async (t) => {
  for (const kind of ['cleanup', 'pytest', 'fixtures']) {
    const f = check([start(A), setup('f1', kind, testOwner(A), 12, 'close_db'), cleanup('f1', 'OSError: boom'), end(A)]);
    t.equal(f.length, 1, kind);
    t.equal(f[0]?.evidence.error, 'OSError: boom');
    t.match(f[0]?.message, 'raised: OSError: boom');
  }
});

t.test('setUp/tearDown errors are test outcomes, not fixture leaks; a session fixture never ends', async (t) => {
  t.same(check([start(A), setup('f1', 'setUp', testOwner(A), 5, 'setUp'), cleanup('f1', 'ValueError: x'), end(A)]), []);
  t.same(check([setup('f1', 'fixtures', { scope: 'session', id: 'session' }, 5), start(A), end(A)]), []);
});
