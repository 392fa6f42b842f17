import t from 'tap';
import { resourceLeak } from '../../src/check/resource-leak.js';
import { envPollution } from '../../src/check/env-pollution.js';
import type { Owner } from '../../src/trace/schema.js';
import { FILE, end, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';

const A = 'tests.test_x.T.test_a';
const B = 'tests.test_x.T.test_b';
const C = 'tests.test_x.T.test_c';

const snap = (at: string, id: string | null): Ev => ({ ev: 'snapshot', at, id });
function open(kind: string, key: string, target: string, owner: Owner, line?: number, extra: Partial<Record<string, unknown>> = {}): Ev {
  return {
    ev: 'resource-open', kind, key, target, owner, test: owner.scope === 'test' ? owner.id : null,
    ...(line === undefined ? {} : { site: { file: FILE, line } }), ...extra,
  } as Ev;
}
const close = (kind: string, key: string): Ev => ({ ev: 'resource-close', kind, key });

/** A test's events as the shim writes them: start, its snapshot, body, end, then the end snapshot (opens/closes before it). */
const testAround = (id: string, atEnd: Ev[] = []): Ev[] => [start(id), snap('start', id), end(id), ...atEnd, snap('end', id)];

const leaks = (events: Ev[]) => resourceLeak([run(0, proc(events))]);

t.test('a thread alive at the end snapshot of its test: leaked-thread at the start site, blamed on the test, with later tests', async (t) => {
  const f = leaks([
    snap('scope-start', 'm'),
    ...testAround(A, [open('thread', 'thread:1', 'poller', testOwner(A), 14, { daemon: false })]),
    ...testAround(B),
    ...testAround(C, [close('thread', 'thread:1')]),
  ]);
  t.equal(f.length, 1);
  t.equal(f[0]?.kind, 'leaked-thread');
  t.equal(f[0]?.test, A);
  t.same(f[0]?.site, { file: FILE, line: 14 });
  t.equal(f[0]?.target, 'poller');
  t.match(f[0]?.message, 'non-daemon');
  t.same(f[0]?.evidence.laterTests, [B, C]);
  t.equal(f[0]?.evidence.releasedLater, true);
});

t.test('fd and child kinds map to leaked-fd and leaked-child; env is not theirs', async (t) => {
  const f = leaks([
    snap('scope-start', 'm'),
    ...testAround(A, [
      open('fd', 'fd:4:/w/a.log', 'a.log', testOwner(A), 19, { fd: 4 }),
      open('child', 'child:99', 'sleep 2', testOwner(A), 27, { pid: 99 }),
      open('env', 'env:X=sha256:1', 'os.environ[X]', testOwner(A), 23),
    ]),
  ]);
  t.same(f.map((x) => x.kind).sort(), ['leaked-child', 'leaked-fd']);
});

t.test('released before its owner ended: no finding (closed at the test end snapshot never shows as open)', async (t) => {
  const f = leaks([
    snap('scope-start', 'm'),
    start(A), snap('start', A), open('thread', 'thread:1', 'w', testOwner(A), 3), snap('start', A), close('thread', 'thread:1'), end(A), snap('end', A),
  ]);
  t.same(f, []);
});

t.test('owned by a class: not a leak until the class scope ends', async (t) => {
  const cls: Owner = { scope: 'class', id: 'tests.test_x.T' };
  const alive = leaks([
    snap('scope-start', 'tests.test_x.T'), open('thread', 'thread:1', 'srv', cls, 8), ...testAround(A), ...testAround(B),
  ]);
  t.same(alive, [], 'the class never ended in the trace: cannot judge');
  const stopped = leaks([
    snap('scope-start', 'tests.test_x.T'), open('thread', 'thread:1', 'srv', cls, 8), ...testAround(A), close('thread', 'thread:1'),
    { ev: 'scope-end', scope: 'class', id: 'tests.test_x.T' }, snap('scope-end', 'tests.test_x.T'),
  ]);
  t.same(stopped, [], 'stopped in tearDownClass');
  const leaked = leaks([
    snap('scope-start', 'tests.test_x.T'), open('thread', 'thread:1', 'srv', cls, 8), ...testAround(A),
    { ev: 'scope-end', scope: 'class', id: 'tests.test_x.T' }, snap('scope-end', 'tests.test_x.T'), ...testAround(B),
  ]);
  t.equal(leaked.length, 1);
  t.equal(leaked[0]?.test, 'tests.test_x.T');
});

t.test('session-owned resources are never leaks', async (t) => {
  t.same(leaks([snap('scope-start', 'm'), open('fd', 'fd:5:x', 'x', { scope: 'session', id: 'session' }), ...testAround(A), snap('exit', null)]), []);
});

t.test('a worker thread creating a resource after its test ended is still blamed on that test', async (t) => {
  const f = leaks([snap('scope-start', 'm'), ...testAround(A), start(B), snap('start', B), end(B),
    open('fd', 'fd:7:socket:[1]', 'tcp socket', testOwner(A), 40), snap('end', B)]);
  t.equal(f.length, 1);
  t.equal(f[0]?.test, A);
});

t.test('the same site leaking in two tests and two runs is one finding with occurrences and runs', async (t) => {
  const events = (n: number): Ev[] => [snap('scope-start', 'm'),
    ...testAround(A, [open('thread', `thread:${n}`, `Thread-${n}`, testOwner(A), 14)]),
    ...testAround(B, [open('thread', `thread:${n + 1}`, `Thread-${n + 1}`, testOwner(B), 14)])];
  const f = resourceLeak([run(0, proc(events(1))), run(1, proc(events(5)))]);
  t.equal(f.length, 1);
  t.equal(f[0]?.evidence.occurrences, 4);
  t.same(f[0]?.evidence.runs, [0, 1]);
});

t.test('env-pollution: a changed env var not restored by the end of its test, one finding per variable', async (t) => {
  const f = envPollution([run(0, proc([snap('scope-start', 'm'),
    ...testAround(A, [close('env', 'env:X=<unset>'), open('env', 'env:X=sha256:ab', 'os.environ[X]', testOwner(A), 23, { before: '<unset>', after: 'sha256:ab' }),
      open('env', 'env:Y=<unset>', 'os.environ[Y]', testOwner(A), 23, { before: 'sha256:cd', after: '<unset>' })]),
    ...testAround(B)]))]);
  t.equal(f.length, 2);
  t.same(f.map((x) => x.target).sort(), ['os.environ[X]', 'os.environ[Y]']);
  t.match(f.find((x) => x.target === 'os.environ[X]')?.message, 'os.environ[X] set at');
  t.match(f.find((x) => x.target === 'os.environ[Y]')?.message, 'os.environ[Y] deleted at');
  t.same(f[0]?.evidence.laterTests, [B]);
});

t.test('env-pollution leaves a leaked patch.dict(os.environ) to leaked-patch (same site): reported once', async (t) => {
  const patch: Ev = { ev: 'patch-start', id: 'p1', target: 'os.environ', via: 'mock.patch.dict', how: 'start', owner: testOwner(A), site: { file: FILE, line: 20 }, test: A };
  const env = open('env', 'env:X=sha256:ab', 'os.environ[X]', testOwner(A), 20, { before: '<unset>', after: 'sha256:ab' });
  t.same(envPollution([run(0, proc([snap('scope-start', 'm'), start(A), snap('start', A), patch, end(A), env, snap('end', A)]))]), []);
  t.equal(envPollution([run(0, proc([snap('scope-start', 'm'), ...testAround(A, [env])]))]).length, 1, 'without the patch it is reported');
});

const graced = (key: string, name: string): Ev => open('thread', key, name, testOwner(A), 14, { graceMs: 300 });
const scopeEnd = (scope: 'class' | 'module', id: string): Ev => ({ ev: 'scope-end', scope, id });

t.test('grace period: a thread reported alive at its test end is excused only if it ended before the next boundary', async (t) => {
  const events = (atB: Ev[], inB: Ev[] = []): Ev[] => [
    snap('scope-start', 'm'), start(A), snap('start', A), end(A), graced('thread:1', 'poller'), snap('end', A),
    start(B), ...atB, snap('start', B), ...inB, end(B), snap('end', B), ...testAround(C),
  ];
  t.same(leaks(events([close('thread', 'thread:1')])), [], 'gone before test B started: excused');
  const ranWith = leaks(events([], [close('thread', 'thread:1')]));
  t.same(ranWith.map((f) => f.target), ['poller'], 'alive when B started, ended during B: a leak B ran with');
  t.same(ranWith[0]?.evidence.laterTests, [B]);
  t.equal(ranWith[0]?.severity, 'error');
});

t.test('grace period: stopped by tearDownModule is a leak that says where it was stopped; ended before the teardown is not', async (t) => {
  const events = (atTeardown: Ev[], atEnd: Ev[]): Ev[] => [
    snap('scope-start', 'm'), start(A), snap('start', A), end(A), graced('thread:1', 'poller'), snap('end', A),
    ...atTeardown, snap('scope-teardown', 'm'), scopeEnd('module', 'm'), ...atEnd, snap('scope-end', 'm'), snap('exit', null),
  ];
  const stopped = leaks(events([], [close('thread', 'thread:1')]));
  t.equal(stopped.length, 1, 'alive when the teardown began');
  t.match(stopped[0]?.message, 'finally stopped at tearDownModule of m');
  t.same(stopped[0]?.evidence.stoppedAt, { at: 'scope-end', id: 'm', text: 'at tearDownModule of m' });
  t.equal(stopped[0]?.severity, 'error', 'no later test ran with it, but a wider scope had to stop it: an error');
  t.match(stopped[0]?.summary, 'stopped only at tearDownModule of m');
  t.same(leaks(events([close('thread', 'thread:1')], [])), [], 'ended by itself before the teardown');
});

t.test('grace period: a thread leaked by one test and stopped at tearDownClass while later tests ran', async (t) => {
  const f = leaks([
    snap('scope-start', 'T'), start(A), snap('start', A), end(A), graced('thread:1', 'poller'), snap('end', A),
    ...testAround(B), snap('scope-teardown', 'T'), scopeEnd('class', 'T'), close('thread', 'thread:1'), snap('scope-end', 'T'),
  ]);
  t.equal(f.length, 1);
  t.equal(f[0]?.severity, 'error');
  t.match(f[0]?.message, 'finally stopped at tearDownClass of T');
});

t.test('grace period: the exit snapshot judges what is still alive', async (t) => {
  const base: Ev[] = [snap('scope-start', 'm'), start(A), snap('start', A), end(A), graced('thread:2', 'poller'), snap('end', A)];
  t.same(leaks([...base, snap('exit', null)]).map((f) => f.target), ['poller']);
  t.same(leaks([...base, close('thread', 'thread:2'), snap('exit', null)]), [], 'ended before exit');
  t.same(leaks(base), [], 'no later snapshot and no exit (killed): not judged');
});

t.test('stopped when a wider pytest fixture was torn down: the finding names the fixture', async (t) => {
  const setup: Ev = { ev: 'fixture-setup', id: 'f1', fixture: 'stopper', kind: 'pytest', scope: 'module', owner: { scope: 'session', id: 'session' }, site: { file: FILE, line: 8 } };
  const f = leaks([
    snap('scope-start', 'm'), setup, start(A), snap('start', A), end(A), graced('thread:1', 'poller'), snap('end', A),
    start(B), snap('start', B), { ev: 'fixture-cleanup', id: 'f1' }, end(B), close('thread', 'thread:1'), snap('end', B),
  ]);
  t.match(f[0]?.message, 'finally stopped when stopper (module fixture) was torn down, after test T.test_b');
});
