import t from 'tap';
import { variantStep } from '../../src/run/session.js';

t.test('--runs auto narrows timing reruns to the suspicious tests, but reorders the whole command', async (t) => {
  const opts = { runs: 'auto' as const, perturbations: [{ sleepScale: 0 }, { order: 'reverse' }, { order: 'shuffle:7' }] };
  const suspicious = ['m.T.test_sleeps'];
  t.same(variantStep(0, opts, suspicious)?.tests, suspicious, 'a sleep scale reruns only the suspicious tests');
  t.equal(variantStep(1, opts, suspicious)?.tests, null, 'reverse order reruns the whole command');
  t.equal(variantStep(2, opts, suspicious)?.tests, null, 'a shuffle reruns the whole command');
});

t.test('a fixed --runs N always reruns the whole command; isolation needs suspicious tests', async (t) => {
  t.equal(variantStep(0, { runs: 5, perturbations: [{ jitterMs: 5 }] }, ['a'])?.tests, null);
  t.equal(variantStep(0, { runs: 'auto', perturbations: [{ isolate: true }] }, []), null);
  t.same(variantStep(0, { runs: 'auto', perturbations: [{ isolate: true }] }, ['a'])?.tests, ['a']);
});
