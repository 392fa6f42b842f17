import t from 'tap';
import type { FoldedProcess, RunEvent } from '../../src/trace/fold.js';
import { mergeByOrder } from '../../src/trace/run-index.js';

const ev = (t: number, name: string): RunEvent => ({ ev: 'test-start', t, test: name, proc: 0 }) as unknown as RunEvent;
const fold = (events: RunEvent[], ns: number[]): FoldedProcess => ({ kept: events, keptN: ns }) as unknown as FoldedProcess;
const pick = (f: FoldedProcess): { events: RunEvent[]; ns: number[] } => ({ events: f.kept, ns: f.keptN });
const names = (events: RunEvent[]): string[] => events.map((e) => (e as unknown as { test: string }).test);

t.test('one process: its events in time order, each with its place', async (t) => {
  const events = [ev(1, 'a'), ev(2, 'b'), ev(2, 'c')];
  const out = mergeByOrder([fold(events, [0, 1, 2])], pick);
  t.same(names(out.events), ['a', 'b', 'c']);
  t.same(out.order, [{ t: 1, proc: 0, n: 0 }, { t: 2, proc: 0, n: 1 }, { t: 2, proc: 0, n: 2 }]);
  t.not(out.events, events, 'a list of its own: the fold keeps its own');
});

t.test('one process whose list is out of order is still sorted', async (t) => {
  const out = mergeByOrder([fold([ev(3, 'late'), ev(1, 'early')], [1, 0])], pick);
  t.same(names(out.events), ['early', 'late']);
  t.same(out.order.map((o) => o.n), [0, 1]);
});

t.test('several processes: by time, then process, then rank', async (t) => {
  const out = mergeByOrder([fold([ev(1, 'p0a'), ev(5, 'p0b')], [0, 1]), fold([ev(1, 'p1a'), ev(2, 'p1b')], [0, 1])], pick);
  t.same(names(out.events), ['p0a', 'p1a', 'p1b', 'p0b']);
});
