import t from 'tap';
import { minimise } from '../../src/repro/minimise.js';

/** A fake predicate: fails when every one of `needed` is kept; records what it was asked. */
function needs(needed: string[]) {
  const asked: string[][] = [];
  const stillFails = async (kept: readonly string[]): Promise<boolean> => {
    asked.push([...kept]);
    return needed.every((n) => kept.includes(n));
  };
  return { stillFails, asked };
}

t.test('keeps only the component the failure needs, in order', async (t) => {
  const p = needs(['c']);
  t.same(await minimise(['a', 'b', 'c', 'd', 'e', 'f'], p.stillFails), ['c']);
});

t.test('keeps two interacting components', async (t) => {
  const p = needs(['b', 'f']);
  t.same(await minimise(['a', 'b', 'c', 'd', 'e', 'f', 'g'], p.stillFails), ['b', 'f']);
});

t.test('keeps everything when everything is needed', async (t) => {
  const p = needs(['a', 'b', 'c']);
  t.same(await minimise(['a', 'b', 'c'], p.stillFails), ['a', 'b', 'c']);
});

t.test('drops every component when the failure needs none (a plain flake)', async (t) => {
  const p = needs([]);
  t.same(await minimise(['a', 'b'], p.stillFails), []);
});

t.test('a set that does not fail as a whole is returned untouched, after one question', async (t) => {
  const p = needs(['z']);
  t.same(await minimise(['a', 'b'], p.stillFails), ['a', 'b']);
  t.equal(p.asked.length, 1);
});

t.test('never asks about the same subset twice', async (t) => {
  const p = needs(['d']);
  await minimise(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], p.stillFails);
  const keys = p.asked.map((k) => k.join(','));
  t.equal(new Set(keys).size, keys.length);
});

t.test('nothing to minimise asks nothing', async (t) => {
  const p = needs([]);
  t.same(await minimise([], p.stillFails), []);
  t.equal(p.asked.length, 0);
});
