import t from 'tap';
import fc from 'fast-check';
import { Reorder } from '../../src/trace/reorder.js';
import type { TraceEvent } from '../../src/trace/schema.js';

const ev = (t: number, id: number): TraceEvent => ({ ev: 'internal-error', t, where: String(id), error: '' });

function reorder(times: number[], window: number): { out: string[]; overflow: boolean } {
  const out: string[] = [];
  const r = new Reorder((e) => out.push((e as { where: string }).where), window);
  times.forEach((time, i) => r.push(ev(time, i)));
  r.flush();
  return { out, overflow: r.overflow };
}

t.test('without overflow, the output is the stable sort by time of the input', async (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (times, window) => {
    const { out, overflow } = reorder(times, window);
    const sorted = times.map((time, i) => ({ time, i })).sort((a, b) => a.time - b.time).map((x) => String(x.i));
    return overflow || JSON.stringify(out) === JSON.stringify(sorted);
  }), { numRuns: 2000 });
  t.pass();
});

t.test('an event later than the window allows is flagged, not placed wrong', async (t) => {
  t.same(reorder([5, 1, 2, 3], 2), { out: ['1', '2', '3', '0'], overflow: false });
  t.equal(reorder([5, 6, 7, 8, 1], 2).overflow, true);
  t.same(reorder([1, 1, 1], 1).out, ['0', '1', '2'], 'ties keep file order');
});
