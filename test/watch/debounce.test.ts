import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeBatcher, DEBOUNCE_MS } from '../../src/watch/debounce.js';

/** Short enough for a quick test, long enough that the bursts below fit inside it on a loaded machine. */
const DELAY_MS = 150;

t.test('a burst of changes becomes one batch, the last event per file winning', async (t) => {
  const b = new ChangeBatcher(DELAY_MS);
  t.teardown(() => b.close());
  const next = b.next();
  let settled = false;
  void next.then(() => { settled = true; });
  b.add('/p/a.py', 'changed');
  b.add('/p/b.py', 'deleted');
  await sleep(DELAY_MS / 3);
  b.add('/p/b.py', 'changed');
  b.add('/p/a.py', 'changed');
  await sleep(DELAY_MS / 3);
  t.notOk(settled, 'no batch while changes keep coming');
  t.same(await next, [{ file: '/p/a.py', kind: 'changed' }, { file: '/p/b.py', kind: 'changed' }]);
});

t.test('changes made while nobody waits (a run in progress) are handed out at the next call', async (t) => {
  const b = new ChangeBatcher(DELAY_MS);
  t.teardown(() => b.close());
  b.add('/p/a.py', 'deleted');
  await sleep(DELAY_MS * 2);
  const started = Date.now();
  t.same(await b.next(), [{ file: '/p/a.py', kind: 'deleted' }]);
  t.ok(Date.now() - started < DELAY_MS, 'already quiet: no second wait');
  let second = false;
  void b.next().then(() => { second = true; });
  await sleep(DELAY_MS * 2);
  t.notOk(second, 'an emptied batcher waits for new changes');
});

t.test('the default debounce is a named, sub-second value', async (t) => {
  t.ok(DEBOUNCE_MS > 0 && DEBOUNCE_MS < 1000);
});
