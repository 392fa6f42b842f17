import t from 'tap';
import { parsePerturb, planRuns } from '../../src/run/plan.js';
import { detectRunner, selectTests } from '../../src/run/select.js';
import { localiseStep } from '../../src/run/adaptive.js';
import { attemptsByTest } from '../../src/trace/outcomes.js';
import { header, proc, run, start, end } from '../fixtures/events.js';

t.test('--perturb parsing', async (t) => {
  t.same(parsePerturb(['sleep-scale=0,2', 'jitter=5ms'], 7), [{ sleepScale: 0 }, { sleepScale: 2 }, { jitterMs: 5, seed: 7 }]);
  t.same(parsePerturb(['none'], 1), []);
  t.ok(parsePerturb(['default'], 1).length > 4);
  t.throws(() => parsePerturb(['sleep-scal=0'], 1));
  t.throws(() => parsePerturb(['order=sideways'], 1));
  t.same(parsePerturb(['sleep-scale=0,3@nova/tests/t.py'], 1), [{ sleepScale: 0, sleepScope: 'nova/tests/t.py' }, { sleepScale: 3, sleepScope: 'nova/tests/t.py' }]);
  t.throws(() => parsePerturb(['sleep-scale=0@'], 1), { name: 'UsageError' }, 'an empty scope is a usage error');
  t.throws(() => parsePerturb(['sleep-scale=@t.py'], 1), { name: 'UsageError' });
  t.same(planRuns(3, [{ sleepScale: 0 }]).map((r) => r.perturbation), [{}, { sleepScale: 0 }, { sleepScale: 0 }]);
});

t.test('selection uses the runner syntax', async (t) => {
  t.equal(detectRunner(['python3', '-m', 'unittest', '-v', 'x']), 'unittest');
  t.same(selectTests(['python3', '-m', 'unittest', '-v', 'mod'], ['mod.C.t'], 'L')?.argv, ['python3', '-m', 'unittest', '-v', 'mod.C.t']);
  t.same(selectTests(['python3', '-m', 'pytest', '-k', 'x', 'tests/'], ['tests/a.py::t'], 'L')?.argv, ['python3', '-m', 'pytest', '-k', 'x', '-p', 'no:cacheprovider', 'tests/a.py::t']);
  const tt = selectTests(['python3', '-m', 'testtools.run', 'pkg'], ['pkg.T.t'], '/o/l.txt');
  t.same(tt?.argv, ['python3', '-m', 'testtools.run', 'pkg', '--load-list', '/o/l.txt']);
  t.equal(tt?.listText, 'pkg.T.t\n');
  t.same(selectTests(['python3', '-m', 'testtools.run', 'pkg'], ['pkg.T.t', 'pkg.T.t'], '/o/l.txt')?.argv, ['python3', '-m', 'testtools.run', 'pkg.T.t', 'pkg.T.t'],
    'a test listed twice: ids as arguments, which testtools.run runs each time');
  t.equal(selectTests(['./run-tests.sh'], ['a'], 'L'), null);
});

t.test('localisation scales half the candidate sites next', async (t) => {
  const s = (line: number) => ({ ev: 'sleep' as const, test: 'x', api: 'time.sleep', requested: 1, actual: 1, site: { file: 'f.py', line } });
  const evs = [start('x'), s(1), s(2), s(3), s(4), end('x')];
  const failed = [start('x'), s(1), s(2), s(3), s(4), end('x', 'failed')];
  const runs = [run(0, proc(evs)), run(1, { ...proc(failed), header: { ...header(), perturbation: { sleepScale: 0 } } })];
  const step = localiseStep('x', attemptsByTest(runs).get('x') ?? []);
  t.same(step?.perturbation, { sleepSites: { 'f.py:1': 0, 'f.py:2': 0 } });
  t.same(step?.tests, ['x']);
});

t.test('localisation only considers the sites a scoped scale scaled', async (t) => {
  const s = (file: string, line: number) => ({ ev: 'sleep' as const, test: 'x', api: 'time.sleep', requested: 1, actual: 1, site: { file, line } });
  const sleeps = [s('tests/t.py', 1), s('tests/t.py', 2), s('lib/poll.py', 7), s('lib/poll.py', 8)];
  const runs = [
    run(0, proc([start('x'), ...sleeps, end('x')])),
    run(1, { ...proc([start('x'), ...sleeps, end('x', 'failed')]), header: { ...header(), perturbation: { sleepScale: 0, sleepScope: 'tests/t.py' } } }),
  ];
  const step = localiseStep('x', attemptsByTest(runs).get('x') ?? []);
  t.same(step?.perturbation, { sleepSites: { 'tests/t.py:1': 0 } }, 'half of the two in-scope sites, none of lib/poll.py');
});
