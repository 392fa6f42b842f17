// The output folder before a run: a previous run's outputs are out of the way when prepareOutDir returns
// and deleted when the caller says; what is not ours is refused and left alone.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { LOGS_DIR, prepareOutDir } from '../../src/commands/out-dir.js';
import { FIXES_DIR, FIXES_FILE } from '../../src/fix/record.js';
import { REPRO_DIR, REPRODUCERS_FILE } from '../../src/repro/store.js';

const PREVIOUS = ['traces', LOGS_DIR, REPRODUCERS_FILE, REPRO_DIR, FIXES_FILE, FIXES_DIR];

t.test("a previous run's outputs are moved aside before it returns, and deleted by removeStale", async (t) => {
  const dir = t.testdir({
    'run.json': '{}', 'report.json': '{}',
    traces: { '0': { '1.jsonl': 'x' }, '7': { '2.jsonl': 'y' } }, [LOGS_DIR]: { '1.log': 'z' },
    [REPRODUCERS_FILE]: '[]', [REPRO_DIR]: { a: 'b' }, [FIXES_FILE]: '[]', [FIXES_DIR]: { c: 'd' },
  });
  const { tracesDir, removeStale } = await prepareOutDir(dir);
  t.equal(tracesDir, path.join(dir, 'traces'));
  t.same(readdirSync(tracesDir), [], 'a fresh, empty traces folder');
  for (const name of PREVIOUS.slice(1)) t.notOk(existsSync(path.join(dir, name)), `${name} is gone`);
  t.ok(readdirSync(dir).some((n) => n.startsWith('.stale-')), 'set aside until removeStale is called');
  await removeStale();
  t.same(readdirSync(dir).sort(), ['report.json', 'run.json', 'traces'], 'nothing set aside is left');
});

t.test('what an interrupted deletion left is deleted by the next run', async (t) => {
  const dir = t.testdir({ 'run.json': '{}', '.stale-1-2-traces': { '0': { '1.jsonl': 'x' } } });
  await (await prepareOutDir(dir)).removeStale();
  t.same(readdirSync(dir).sort(), ['run.json', 'traces']);
});

t.test('a traces folder that is not ours is refused and nothing is moved', async (t) => {
  const dir = t.testdir({ traces: { 'thesis.tex': 'precious' }, logs: { 'mine.log': 'x' } });
  await t.rejects(prepareOutDir(dir), { name: 'UsageError', message: /not written by flakescope/ });
  t.ok(existsSync(path.join(dir, 'traces', 'thesis.tex')));
  t.ok(existsSync(path.join(dir, 'logs', 'mine.log')));
});

t.test('a new folder is created with an empty traces folder', async (t) => {
  const dir = path.join(t.testdir({}), 'a', 'b');
  const { tracesDir, removeStale } = await prepareOutDir(dir);
  await removeStale();
  t.same(readdirSync(tracesDir), []);
  mkdirSync(path.join(tracesDir, '0'));
  writeFileSync(path.join(dir, 'run.json'), '{}');
  const again = await prepareOutDir(dir);
  await again.removeStale();
  t.same(readdirSync(again.tracesDir), [], 'the second run starts empty too');
});
