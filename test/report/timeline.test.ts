import t from 'tap';
import { buildTimelines } from '../../src/report/timeline.js';
import type { TraceEvent } from '../../src/trace/schema.js';

const S = 1e9;
const site = { file: 't.py', line: 3 };
const own = (id: string) => ({ scope: 'test' as const, id });

const events: TraceEvent[] = [
  { ev: 'test-start', t: 0, tid: 1, test: 'A', runner: 'unittest' },
  { ev: 'patch-start', t: 1 * S, tid: 1, test: 'A', id: 'p1', target: 'm.f', via: 'mock.patch', how: 'start', owner: own('A'), site },
  { ev: 'patch-start', t: 1 * S, tid: 1, test: 'A', id: 'p2', target: 'm.g', via: 'mock.patch', how: 'context', owner: own('A'), site },
  { ev: 'fixture-setup', t: 1 * S, tid: 1, test: 'A', id: 'f1', fixture: 'Fx', kind: 'fixtures', scope: 'test', owner: own('A'), site },
  { ev: 'sleep', t: 3 * S, tid: 7, test: 'A', api: 'time.sleep', requested: 1, actual: 1.5, site },
  { ev: 'patch-stop', t: 4 * S, tid: 1, id: 'p2', how: 'exit' },
  { ev: 'fixture-cleanup', t: 4.5 * S, tid: 1, id: 'f1' },
  { ev: 'test-end', t: 5 * S, tid: 1, test: 'A', outcome: 'failed', duration: 5, message: 'boom' },
  { ev: 'test-start', t: 6 * S, tid: 1, test: 'B', runner: 'unittest' },
  { ev: 'patch-start', t: 6.5 * S, tid: 1, test: 'B', id: 'p3', target: 'm.h', via: 'mock.patch', how: 'start', owner: own('B'), site },
  { ev: 'test-end', t: 7 * S, tid: 1, test: 'B', outcome: 'passed', duration: 1 },
  { ev: 'patch-stop', t: 8 * S, tid: 1, id: 'p3', how: 'stop' },
];

t.test('test spans, outcome and message', async (t) => {
  const [a, b] = buildTimelines(events);
  t.match(a, { test: 'A', start: 0, end: 5 * S, outcome: 'failed', message: 'boom', tid: 1 });
  t.match(b, { test: 'B', start: 6 * S, end: 7 * S, outcome: 'passed' });
});

t.test('lanes by tid, test thread first', async (t) => {
  const [a] = buildTimelines(events);
  t.same(a!.lanes.map((l) => l.tid), [1, 7]);
  const sleep = a!.lanes[1]!.items[0]!;
  t.match(sleep, { kind: 'sleep', start: 1.5 * S, end: 3 * S, requested: 1, actual: 1.5 });
});

t.test('patch lifetimes: open-ended and late stops are leaks', async (t) => {
  const [a, b] = buildTimelines(events);
  const patches = a!.lanes[0]!.items.filter((i) => i.kind === 'patch');
  t.match(patches, [{ target: 'm.f', end: null, leaked: true }, { target: 'm.g', end: 4 * S, leaked: false }]);
  t.match(b!.lanes[0]!.items, [{ target: 'm.h', start: 6.5 * S, end: 8 * S, leaked: true }]);
});

t.test('fixture lifetimes', async (t) => {
  const [a] = buildTimelines(events);
  t.match(a!.lanes[0]!.items.find((i) => i.kind === 'fixture'), { fixture: 'Fx', start: S, end: 4.5 * S, released: true });
  const failing = buildTimelines([...events.slice(0, 4), { ev: 'fixture-cleanup', t: 2 * S, id: 'f1', error: 'ValueError' }, events[7]!]);
  t.match(failing[0]!.lanes[0]!.items.find((i) => i.kind === 'fixture'), { released: false, error: 'ValueError' });
});

t.test('class-owned patches are judged against their scope end', async (t) => {
  const cls = { scope: 'class' as const, id: 'm.C' };
  const tl = buildTimelines([
    { ev: 'test-start', t: 0, test: 'A', runner: 'unittest' },
    { ev: 'patch-start', t: 1, test: 'A', id: 'p1', target: 'x', via: 'mock.patch', how: 'start', owner: cls, site },
    { ev: 'test-end', t: 2, test: 'A', outcome: 'passed', duration: 0 },
    { ev: 'patch-stop', t: 3, id: 'p1', how: 'stop' },
    { ev: 'scope-end', t: 4, scope: 'class', id: 'm.C' },
  ]);
  t.match(tl[0]!.lanes[0]!.items[0], { leaked: false, end: 3 });
  t.equal(tl[0]!.lanes[0]!.tid, null, 'no tid recorded');
});

t.test('no events, no timelines; items outside tests are dropped', async (t) => {
  t.same(buildTimelines([]), []);
  t.same(buildTimelines([{ ev: 'sleep', t: 5, api: 'time.sleep', requested: 0, actual: 0, site }]), []);
});
