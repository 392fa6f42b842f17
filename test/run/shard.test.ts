import t from 'tap';
import { planRuns } from '../../src/run/plan.js';
import { parseShard, selectShard } from '../../src/run/shard.js';

t.test('shards partition the planned runs by index mod N', async (t) => {
  const runs = planRuns(7, []);
  const slices = [1, 2, 3].map((k) => selectShard(runs, { k, n: 3 }).map((r) => r.index));
  t.same(slices, [[0, 3, 6], [1, 4], [2, 5]]);
  t.same(slices.flat().sort(), runs.map((r) => r.index), 'every run exactly once');
});

t.test('parseShard accepts K/N with 1 <= K <= N only', async (t) => {
  t.same(parseShard('2/4'), { k: 2, n: 4 });
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2']) t.throws(() => parseShard(bad), { name: 'UsageError' }, bad);
});
