import t from 'tap';
import { divergenceOf, firstDivergence, signature } from '../../src/check/divergence.js';
import { flaky } from '../../src/check/flaky.js';
import { attemptsByTest } from '../../src/trace/outcomes.js';
import { header, proc, run, start, end, type Ev } from '../fixtures/events.js';

const sleep = (line: number, actual = 0.1): Ev => ({ ev: 'sleep', test: 'x', api: 'time.sleep', requested: 0.1, actual, site: { file: 'f.py', line } });
const attemptsOf = (...runs: ReturnType<typeof run>[]) => attemptsByTest(runs).get('x') ?? [];

t.test('the first differing event, ignoring timing', async (t) => {
  const a = attemptsOf(run(0, proc([start('x'), sleep(3, 0.1), sleep(4), end('x')])), run(1, proc([start('x'), sleep(3, 0.9), sleep(5), end('x', 'failed')])));
  const d = firstDivergence(a[0]!, a[1]!);
  t.equal(d.commonPrefix, 2, 'test-start and the sleep at :3 match although they lasted differently');
  t.same(d.passing, { run: 0, event: 'sleep time.sleep f.py:4' });
  t.same(d.failing, { run: 1, event: 'sleep time.sleep f.py:5' });
});

t.test('executions that differ only in their outcome part at the test-end', async (t) => {
  const d = divergenceOf(attemptsOf(run(0, proc([start('x'), end('x')])), run(1, proc([start('x'), end('x', 'error')]))));
  t.same(d, { commonPrefix: 1, passing: { run: 0, event: 'test-end passed' }, failing: { run: 1, event: 'test-end error' } });
});

t.test('a shorter execution diverges where it stops', async (t) => {
  const a = attemptsOf(run(0, proc([start('x'), sleep(3), end('x')])), run(1, proc([start('x'), sleep(3)])));
  const d = divergenceOf(a);
  t.equal(d?.failing.event, null, 'the crashed execution has no event there');
  t.equal(d?.passing.event, 'test-end passed');
});

t.test('prefers a passing execution under the same perturbation', async (t) => {
  const scaled = (events: Ev[], index: number) => run(index, { ...proc(events), header: { ...header(), perturbation: { sleepScale: 0 } } });
  const a = attemptsOf(run(0, proc([start('x'), end('x')])), scaled([start('x'), sleep(7), end('x', 'failed')], 1), scaled([start('x'), sleep(7), end('x')], 2));
  t.equal(divergenceOf(a)?.passing.run, 2);
  t.equal(divergenceOf(a)?.commonPrefix, 2);
});

t.test('no divergence without both a pass and a failure', async (t) => {
  t.equal(divergenceOf(attemptsOf(run(0, proc([start('x'), end('x')])))), null);
  t.equal(divergenceOf(attemptsOf(run(0, proc([start('x'), end('x', 'failed')])))), null);
});

t.test('signature names patches and fixtures by what they are', async (t) => {
  t.equal(signature({ ev: 'patch-start', t: 1, proc: 0, id: 'p1', target: 'm.a', via: 'mock.patch', how: 'start', owner: { scope: 'test', id: 'x' }, site: { file: 'f.py', line: 2 }, test: 'x' }), 'patch-start m.a f.py:2');
});

t.test('a flaky finding carries the divergence', async (t) => {
  const f = flaky([run(0, proc([start('x'), end('x')])), run(1, proc([start('x'), sleep(9), end('x', 'failed')]))]);
  t.equal(f.length, 1);
  t.same((f[0]?.evidence.divergence as { failing: unknown }).failing, { run: 1, event: 'sleep time.sleep f.py:9' });
});
