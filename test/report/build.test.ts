import t from 'tap';
import { buildReportWithVerdicts } from '../fixtures/build-report.js';
import { leakedPatch } from '../../src/check/leaked-patch.js';
import { FILE, end, patchStart, patchStop, proc, run, start, testOwner, type Ev } from '../fixtures/events.js';
import type { IndexedRun } from '../../src/trace/run-index.js';

const runRecord = (index: number, exitCode = 0) => ({ index, exitCode, signal: null, durationMs: 5, perturbation: {}, order: 'default' });

function build(traces: IndexedRun[]) {
  return buildReportWithVerdicts({ toolVersion: '9.9.9', command: ['python3', '-m', 'pytest'], runs: traces.map((r) => runRecord(r.index)), traces, findings: leakedPatch(traces), warnings: [] });
}

t.test('outcomes across runs, verdicts and failure rates', async (t) => {
  const r = build([
    run(0, proc([start('a'), end('a'), start('b'), end('b', 'failed'), start('c'), end('c', 'failed'), start('s'), end('s', 'skipped')])),
    run(1, proc([start('a'), end('a'), start('b'), end('b'), start('c'), end('c', 'error'), start('s'), end('s', 'skipped')])),
  ]);
  const byId = Object.fromEntries(r.tests.map((x) => [x.id, x]));
  t.equal(byId.a?.verdict, 'pass');
  t.equal(byId.b?.verdict, 'flaky');
  t.equal(byId.c?.verdict, 'fail');
  t.equal(byId.s?.verdict, 'skip', 'skipped in every run: skip, not pass');
  t.same(byId.c?.outcomes, { passed: 0, failed: 1, error: 1, skipped: 0, hang: 0, crashed: 0 });
  t.equal(byId.b?.failureRate.estimate, 0.5);
  t.ok((byId.b?.failureRate.low ?? 1) < 0.5 && (byId.b?.failureRate.high ?? 0) > 0.5);
  t.same(byId.s?.failureRate, { estimate: 0, low: 0, high: 1 }, 'skips are not trials');
  t.equal(r.schemaVersion, 1);
  t.same(r.tool, { name: 'flakescope', version: '9.9.9' });
});

t.test('a test that started but never ended in a process that died is crashed', async (t) => {
  const traces = [run(0, proc([start('a'), end('a'), start('b')]))];
  const r = buildReportWithVerdicts({ toolVersion: '1', command: [], runs: [{ ...runRecord(0), exitCode: null, signal: 'SIGKILL' }], traces, findings: [], warnings: [] });
  const b = r.tests.find((x) => x.id === 'b');
  t.equal(b?.outcomes.crashed, 1);
  t.equal(b?.verdict, 'fail');
  t.same(b?.crashes, [{ run: 0, signal: 'SIGKILL' }], 'the signal that killed the run is named');
  t.equal(r.tests.find((x) => x.id === 'a')?.crashes, undefined);
});

t.test('sleeps: one per site+api with calls, total ms and tests', async (t) => {
  const sleep = (test: string, line: number, actual: number, api = 'time.sleep'): Ev => ({ ev: 'sleep', test, api, requested: actual, actual, site: { file: FILE, line } });
  const r = build([run(0, proc([start('a'), sleep('a', 9, 1), sleep('a', 9, 0.5), sleep('a', 9, 1, 'eventlet.sleep'), end('a'), start('b'), sleep('b', 9, 2), sleep('b', 3, 0.1), end('b')]))]);
  t.same(r.sleeps.map((s) => [s.site.line, s.api, s.calls, s.totalMs, s.tests, s.outcomeDependsOnIt]), [
    [3, 'time.sleep', 1, 100, ['b'], null],
    [9, 'eventlet.sleep', 1, 1000, ['a'], null],
    [9, 'time.sleep', 3, 3500, ['a', 'b'], null],
  ].sort((x, y) => (x[0] as number) - (y[0] as number)));
});

t.test('patches: one per site+target, stop site, leaked flag from the finding, count', async (t) => {
  const r = build([run(0, proc([
    start('a'), patchStart('p1', { owner: testOwner('a'), line: 5, how: 'context' }), patchStop('p1', 'exit', 6), end('a'),
    start('b'), patchStart('p2', { owner: testOwner('b'), line: 5, how: 'context' }), patchStop('p2', 'exit', 6), end('b'),
    start('c'), patchStart('p3', { owner: testOwner('c'), line: 20, target: 'os.environ', via: 'mock.patch.dict' }), end('c'),
  ]))]);
  t.same(r.patches, [
    { target: 'pkg.mod.Thing.attr', via: 'mock.patch', test: 'a', site: { file: FILE, line: 5 }, stopSite: { file: FILE, line: 6 }, leaked: false, count: 2 },
    { target: 'os.environ', via: 'mock.patch.dict', test: 'c', site: { file: FILE, line: 20 }, stopSite: null, leaked: true, count: 1 },
  ]);
});

t.test('fixtures: released only when every setup had a cleanup without error', async (t) => {
  const setup = (id: string, fixture: string, line: number, test: string): Ev => ({ ev: 'fixture-setup', id, fixture, kind: 'fixtures', scope: 'test', owner: testOwner(test), site: { file: FILE, line }, test });
  const r = build([run(0, proc([
    start('a'), setup('f1', 'Neutron', 47, 'a'), setup('f2', 'Glance', 48, 'a'), setup('f3', 'Broken', 49, 'a'),
    { ev: 'fixture-cleanup', id: 'f1' }, { ev: 'fixture-cleanup', id: 'f3', error: 'RuntimeError: boom' }, end('a'),
    start('b'), setup('f4', 'Neutron', 47, 'b'), { ev: 'fixture-cleanup', id: 'f4' }, end('b'),
  ]))]);
  t.same(r.fixtures.map((f) => [f.fixture, f.site.line, f.released, f.count, f.test]), [
    ['Neutron', 47, true, 2, 'a'],
    ['Glance', 48, false, 1, 'a'],
    ['Broken', 49, false, 1, 'a'],
  ]);
});

t.test('shim internal errors and missing traces become warnings', async (t) => {
  const traces = [run(0, proc([{ ev: 'internal-error', where: 'hooks/patch.py', error: 'KeyError: x' }]))];
  const r = buildReportWithVerdicts({ toolVersion: '1', command: [], runs: [runRecord(0), runRecord(1)], traces, findings: [], warnings: [{ where: 'f:1', message: 'torn' }] });
  t.same(r.warnings.map((w) => w.message), ['torn', 'KeyError: x', r.warnings[2]?.message]);
  t.match(r.warnings[1]?.where, 'shim hooks/patch.py');
  t.match(r.warnings[2], { where: 'run 1', message: /no trace was written/ });
});
