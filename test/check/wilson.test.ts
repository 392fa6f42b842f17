import t from 'tap';
import { wilson, Z_FOR_CONFIDENCE, FAILURE_RATE_CONFIDENCE } from '../../src/check/wilson.js';

t.test('the named z matches the named confidence (normal CDF via erf series)', async (t) => {
  // P(|Z| < z) = erf(z / sqrt 2); erf by its Taylor series, exact enough here.
  const x = Z_FOR_CONFIDENCE / Math.SQRT2;
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  t.ok(Math.abs((2 / Math.sqrt(Math.PI)) * sum - FAILURE_RATE_CONFIDENCE) < 1e-9);
});

t.test('known Wilson 95% intervals', async (t) => {
  const close = (a: number | undefined, b: number) => Math.abs((a ?? NaN) - b) < 1e-4;
  const r1 = wilson(0, 10);
  t.equal(r1.estimate, 0);
  t.equal(r1.low, 0);
  t.ok(close(r1.high, 0.27753), `0/10 high ${r1.high}`);
  const r2 = wilson(5, 10);
  t.ok(close(r2.low, 0.23659) && close(r2.high, 0.76341), `5/10 ${r2.low}..${r2.high}`);
  const r3 = wilson(10, 10);
  t.equal(r3.estimate, 1);
  t.ok(close(r3.low, 0.72247), `10/10 low ${r3.low}`);
  t.equal(r3.high, 1);
});

t.test('no trials: nothing is known', async (t) => {
  t.same(wilson(0, 0), { estimate: 0, low: 0, high: 1 });
});
