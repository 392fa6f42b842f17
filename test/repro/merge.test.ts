import t from 'tap';
import type { Reproduce } from '../../src/check/reproduce.js';
import { mergeReproducers } from '../../src/repro/merge.js';

const repro = (failed: number, runs: number, tag: string): Reproduce => ({ argv: ['python3', tag], env: {}, cwd: '/w', reliability: { failed, runs } });

t.test('one reproducer per finding: the most reliable, then the most replayed, then the first', async (t) => {
  const merged = mergeReproducers([
    { a: repro(8, 10, 'a1'), b: repro(9, 10, 'b1'), c: repro(10, 10, 'c1') },
    { a: repro(10, 10, 'a2'), b: repro(18, 20, 'b2'), d: repro(5, 10, 'd2') },
    { c: repro(10, 10, 'c3') },
  ]);
  t.same(Object.keys(merged).sort(), ['a', 'b', 'c', 'd']);
  t.equal(merged.a?.argv[1], 'a2', 'higher failure share wins');
  t.equal(merged.b?.argv[1], 'b2', 'same share: more replays win');
  t.equal(merged.c?.argv[1], 'c1', 'a full tie keeps the earlier shard');
  t.equal(merged.d?.argv[1], 'd2', 'found on one shard only');
});

t.test('no shard with reproducers gives none', async (t) => {
  t.same(mergeReproducers([{}, {}]), {});
  t.same(mergeReproducers([]), {});
});
