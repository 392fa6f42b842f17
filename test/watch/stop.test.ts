import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenForStop } from '../../src/watch/stop.js';

t.test('the first stop signal is kept and resolves stopped', async (t) => {
  const stopper = listenForStop();
  t.teardown(() => stopper.dispose());
  t.equal(stopper.signal(), null);
  process.emit('SIGTERM', 'SIGTERM');
  process.emit('SIGINT', 'SIGINT');
  t.equal(await stopper.stopped, 'SIGTERM');
  t.equal(stopper.signal(), 'SIGTERM');
});

t.test('a signal that comes before the run listens is relayed once it does', async (t) => {
  const stopper = listenForStop();
  t.teardown(() => stopper.dispose());
  const forwarded: string[] = [];
  const forwarder = (s: NodeJS.Signals): void => { forwarded.push(s); };
  let finish: () => void = () => undefined;
  const run = stopper.during(new Promise<void>((resolve) => { finish = resolve; }));
  process.emit('SIGINT', 'SIGINT');
  await sleep(50);
  // The run's spawn starts listening only now (as spawn.ts does once the child exists).
  process.on('SIGINT', forwarder);
  t.teardown(() => process.off('SIGINT', forwarder));
  for (let i = 0; i < 50 && forwarded.length === 0; i++) await sleep(20);
  t.same(forwarded, ['SIGINT'], 'relayed exactly once');
  finish();
  await run;
});

t.test('dispose removes the listeners', async (t) => {
  const before = process.listenerCount('SIGINT');
  listenForStop().dispose();
  t.equal(process.listenerCount('SIGINT'), before);
});
