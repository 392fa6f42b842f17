import t from 'tap';
import type { RunManifest } from '../../src/run/manifest.js';
import { planMerge } from '../../src/run/merge-plan.js';

const manifest = (indices: number[], shard?: { k: number; n: number }, command = ['python3']): RunManifest => ({
  tool: { name: 'flakescope', version: '0' }, command, cwd: '/w',
  runs: indices.map((index) => ({ index, exitCode: 0, signal: null, durationMs: 1, perturbation: {}, order: 'default' })),
  ...(shard ? { shard } : {}),
});

t.test('shards keep their global order; collisions are re-numbered', async (t) => {
  const p = planMerge([{ name: 'b', manifest: manifest([1, 3], { k: 2, n: 2 }) }, { name: 'a', manifest: manifest([0, 2], { k: 1, n: 2 }) }]);
  t.same(p.runs.map((r) => [r.from, r.fromIndex, r.record.index]), [[1, 0, 0], [0, 1, 1], [1, 2, 2], [0, 3, 3]]);
  t.same(p.warnings, []);
  const dup = planMerge([{ name: 'x', manifest: manifest([0]) }, { name: 'y', manifest: manifest([0]) }]);
  t.same(dup.runs.map((r) => r.record.index), [0, 1]);
});

t.test('warnings: missing shard, different command, index that is not a run number', async (t) => {
  const p = planMerge([{ name: 'a', manifest: manifest([0, -1, 1.5], { k: 1, n: 3 }) }, { name: 'b', manifest: manifest([1], { k: 2, n: 3 }, ['python3', '-m', 'pytest']) }]);
  const text = p.warnings.map((w) => w.message).join('\n');
  t.match(text, /3\/3 missing/);
  t.match(text, /different command/);
  t.match(text, /-1 is not a run number/);
  t.match(text, /1\.5 is not a run number/);
  t.same(p.runs.map((r) => r.fromIndex), [0, 1]);
});
