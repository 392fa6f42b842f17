import t from 'tap';
import fc from 'fast-check';
import { MAX_UNIT, Trail } from '../../src/trace/trail.js';

const fill = (items: string[]): Trail => {
  const trail = new Trail();
  for (const item of items) trail.push(item);
  return trail;
};

t.test('gives back exactly what was pushed, whatever repeats it holds', async (t) => {
  const item = fc.constantFrom('a', 'b', 'c', 'd');
  const withRepeats = fc.array(fc.oneof(item.map((x) => [x]), fc.tuple(fc.array(item, { minLength: 1, maxLength: MAX_UNIT + 2 }), fc.integer({ min: 1, max: 5 })).map(([unit, reps]) => Array.from({ length: reps }, () => unit).flat())), { maxLength: 20 }).map((parts) => parts.flat());
  fc.assert(fc.property(withRepeats, (items) => {
    const trail = fill(items);
    return trail.length === items.length && JSON.stringify([...trail]) === JSON.stringify(items);
  }), { numRuns: 2000 });
  t.pass();
});

t.test('a loop body repeated many times is held as one unit and a count', async (t) => {
  const body = ['patch-start os.getcwd t.py:3', 'sleep time.sleep t.py:4', 'patch-stop t.py:3'];
  const items = ['test-start t.py:1', ...Array.from({ length: 100_000 }, (_, i) => (i % 2 ? [...body, 'sleep time.sleep t.py:6'] : body)).flat(), 'test-end passed'];
  const trail = fill(items);
  t.ok(trail.stored < 20, `stored ${trail.stored} items for ${items.length}`);
  t.same([...trail], items);
});

t.test('a sequence without repeats is held as it is', async (t) => {
  const items = Array.from({ length: 50 }, (_, i) => `sleep time.sleep t.py:${i}`);
  t.equal(fill(items).stored, 50);
});
