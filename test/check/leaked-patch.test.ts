import t from 'tap';
import { leakedPatch } from '../../src/check/leaked-patch.js';
import { FILE, end, mockCall, patchStart, patchStop, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';

const A = 'tests.test_x.T.test_a';
const B = 'tests.test_x.T.test_b';
const C = 'tests.test_x.T.test_c';

const findingsFor = (events: Ev[]) => leakedPatch([run(0, proc(events))]);

t.test('start() without stop: one error finding at the start site, blamed on the owning test', async (t) => {
  const f = findingsFor([start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), end(A), start(B), end(B)]);
  t.equal(f.length, 1);
  const [x] = f;
  t.equal(x?.kind, 'leaked-patch');
  t.equal(x?.severity, 'error');
  t.equal(x?.test, A);
  t.same(x?.site, { file: FILE, line: 12 });
  t.equal(x?.target, 'pkg.mod.Thing.attr');
  t.match(x?.message, `patch of pkg.mod.Thing.attr started at ${FILE}:12 in test ${A} was still active after test ${A} ended`);
  t.match(x?.evidence, { via: 'mock.patch', how: 'start', owner: { scope: 'test', id: A }, stoppedLater: null, victims: [], runs: [0] });
});

t.test('victims: later tests that called the leaked mock, not the owner and not calls before the owner ended', async (t) => {
  const f = findingsFor([
    start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), mockCall('p1', A), end(A),
    start(B), mockCall('p1', B), end(B),
    start(C), end(C),
  ]);
  t.same(f[0]?.evidence.victims, [B]);
  t.match(f[0]?.message, `later test(s) called the still-patched target: ${B}`);
});

const undone: Array<[string, Ev[]]> = [
  ['decorator', [start(A), patchStart('p1', { owner: testOwner(A), line: 5, how: 'decorator' }), patchStop('p1', 'exit'), end(A)]],
  ['context manager', [start(A), patchStart('p1', { owner: testOwner(A), line: 5, how: 'context' }), patchStop('p1', 'exit'), end(A)]],
  ['addCleanup', [start(A), patchStart('p1', { owner: testOwner(A), line: 5 }), patchStop('p1', 'cleanup'), end(A)]],
  ['stopall within the test', [start(A), patchStart('p1', { owner: testOwner(A), line: 5 }), patchStop('p1', 'stopall', 9), end(A)]],
  ['useFixture(fixtures.MockPatch)', [start(A), patchStart('p1', { owner: testOwner(A), line: 5, via: 'fixtures.MockPatch', how: 'fixture' }), patchStop('p1', 'cleanup'), end(A)]],
  ['pytest monkeypatch teardown', [start(A), patchStart('p1', { owner: testOwner(A), line: 5, via: 'monkeypatch', how: 'monkeypatch' }), patchStop('p1', 'undo'), end(A)]],
  ['tearDownClass', [
    { ev: 'scope-start', scope: 'class', id: 'tests.test_x.T' },
    patchStart('p1', { owner: { scope: 'class', id: 'tests.test_x.T' }, line: 5 }),
    start(A), end(A), patchStop('p1', 'stop', 20),
    { ev: 'scope-end', scope: 'class', id: 'tests.test_x.T' },
  ]],
  ['tearDownModule', [
    patchStart('p1', { owner: { scope: 'module', id: 'tests.test_x' }, line: 5 }),
    start(A), end(A), patchStop('p1', 'stop'),
    { ev: 'scope-end', scope: 'module', id: 'tests.test_x' },
  ]],
  ['wider pytest fixture finalizer', [
    { ev: 'fixture-setup', id: 'f1', fixture: 'db', kind: 'pytest', scope: 'module', owner: { scope: 'session', id: 's' }, site: { file: FILE, line: 2 } },
    patchStart('p1', { owner: { scope: 'fixture', id: 'f1' }, line: 5, via: 'monkeypatch', how: 'monkeypatch' }),
    start(A), end(A), patchStop('p1', 'undo'),
    { ev: 'fixture-cleanup', id: 'f1' },
  ]],
  ['session-owned patch never stopped', [patchStart('p1', { owner: { scope: 'session', id: 'session' }, line: 5 }), start(A), mockCall('p1', A), end(A)]],
  ['owner never ended (process died inside the test)', [start(A), patchStart('p1', { owner: testOwner(A), line: 5 })]],
];
for (const [name, events] of undone) {
  t.test(`never reported: ${name}`, async (t) => {
    t.same(findingsFor(events), []);
  });
}

t.test('a later stopall that sweeps the patch is still a leak, noted as swept', async (t) => {
  const f = findingsFor([start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), end(A), start(B), patchStop('p1', 'stopall', 40, B), end(B)]);
  t.equal(f.length, 1);
  t.same(f[0]?.evidence.stoppedLater, { how: 'stopall', site: { file: FILE, line: 40 }, test: B });
  t.equal(f[0]?.evidence.swept, true);
  t.match(f[0]?.message, 'swept up later by stopall at tests/test_x.py:40');
});

t.test('class-owned patch not stopped before tearDownClass ended: blamed on the class', async (t) => {
  const cls = 'tests.test_x.T';
  const f = findingsFor([
    { ev: 'scope-start', scope: 'class', id: cls },
    patchStart('p1', { owner: { scope: 'class', id: cls }, line: 7 }),
    start(A), end(A),
    { ev: 'scope-end', scope: 'class', id: cls },
    start('tests.test_y.U.test_z'), mockCall('p1', 'tests.test_y.U.test_z'), end('tests.test_y.U.test_z'),
  ]);
  t.equal(f.length, 1);
  t.equal(f[0]?.test, cls);
  t.same(f[0]?.evidence.victims, ['tests.test_y.U.test_z'], 'tests of the class itself ran before the end, so they are not victims');
});

t.test('module- and fixture-owned patches that outlive their scope are leaks', async (t) => {
  const mod = findingsFor([patchStart('p1', { owner: { scope: 'module', id: 'tests.test_x' }, line: 3 }), start(A), end(A), { ev: 'scope-end', scope: 'module', id: 'tests.test_x' }]);
  t.equal(mod[0]?.test, 'tests.test_x');
  const fix = findingsFor([
    { ev: 'fixture-setup', id: 'f1', fixture: 'client', kind: 'pytest', scope: 'class', owner: { scope: 'session', id: 's' }, site: { file: FILE, line: 2 } },
    patchStart('p1', { owner: { scope: 'fixture', id: 'f1' }, line: 4 }),
    { ev: 'fixture-cleanup', id: 'f1' },
    patchStop('p1', 'stop'),
  ]);
  t.equal(fix.length, 1);
  t.match(fix[0]?.message, 'in fixture client was still active after fixture client ended; stopped only later (stop)');
});

t.test('one finding per (site, target) across repeated calls and runs, with a stable id', async (t) => {
  const events = [start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), end(A), start(B), patchStart('p2', { owner: testOwner(B), line: 12 }), end(B)];
  const f = leakedPatch([run(0, proc(events)), run(1, proc(events))]);
  t.equal(f.length, 1);
  t.same(f[0]?.evidence.runs, [0, 1]);
  t.equal(f[0]?.evidence.occurrences, 4);
  const again = findingsFor(events);
  t.equal(again[0]?.id, f[0]?.id, 'id does not depend on which runs saw it');
  const other = findingsFor([start(A), patchStart('p1', { owner: testOwner(A), line: 13 }), end(A)]);
  t.not(other[0]?.id, f[0]?.id, 'a different line is a different finding');
  const otherTarget = findingsFor([start(A), patchStart('p1', { owner: testOwner(A), line: 12, target: 'os.environ' }), end(A)]);
  t.equal(leakedPatch([run(0, proc([...events, ...[start(C), patchStart('p9', { owner: testOwner(C), line: 12, target: 'os.environ' }), end(C)]]))]).length, 2);
  t.not(otherTarget[0]?.id, f[0]?.id, 'a different target is a different finding');
});

t.test('patch ids are per process: a stop in another process does not undo a patch', async (t) => {
  const leaking = proc([start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), end(A)], 101);
  const other = proc([start(B), patchStart('p1', { owner: testOwner(B), line: 30 }), patchStop('p1', 'stop'), end(B)], 102);
  const f = leakedPatch([run(0, leaking, other)]);
  t.equal(f.length, 1);
  t.equal(f[0]?.site?.line, 12);
});

t.test('severity is configurable per kind', async (t) => {
  const f = leakedPatch([run(0, proc([start(A), patchStart('p1', { owner: testOwner(A), line: 12 }), end(A)]))], { severity: { 'leaked-patch': 'warning' } });
  t.equal(f[0]?.severity, 'warning');
});
