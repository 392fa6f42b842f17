// A store opened ahead (`run`, while its tests run) reads ahead the newest session's tests: what it
// then records must be what a store that did not read ahead records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { HistoryRecord, TestOutcome } from '../../src/history/model.js';
import { openHistory } from '../../src/history/target.js';

const outcome = (test: string, passed: number, failed: number): TestOutcome =>
  ({ test, passed, failed, skipped: 0, seconds: 1, failedSeconds: failed, reruns: 0, message: failed > 0 ? 'AssertionError' : null });

const session = (key: string, day: number, outcomes: TestOutcome[]): HistoryRecord => ({
  key, source: 'run', commit: `c${day}`, branch: 'main', commitTime: day * 1000, recordedAt: day * 1000 + 1, group: `c${day}`, machine: 'm',
  command: ['python3', '-m', 'unittest'], perturbations: [{}], repetitions: 1, traced: true, outcomes, findings: [],
});

const FIRST = session('s1', 1, [outcome('m.T.a', 1, 0), outcome('m.T.b', 0, 1), outcome('m.T.c', 1, 0)]);
// Names in another order than the first session's, and one new test.
const SECOND = session('s2', 2, [outcome('m.T.c', 0, 1), outcome('m.T.new', 0, 1), outcome('m.T.a', 0, 1), outcome('m.T.b', 1, 0)]);

async function totalsAfterTwoSessions(file: string, readAhead: boolean): Promise<unknown> {
  const first = await openHistory({ kind: 'sqlite', file });
  await first.record(FIRST);
  await first.close();
  const store = await openHistory({ kind: 'sqlite', file });
  if (readAhead) await store.readAhead();
  await store.record(SECOND);
  const totals = (await store.totals(0)).map((x) => [x.test, x.passed, x.failed]).sort();
  await store.close();
  return totals;
}

t.test('reading ahead changes nothing that is recorded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-read-ahead-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const plain = await totalsAfterTwoSessions(join(dir, 'plain.db'), false);
  t.same(plain, [['m.T.a', 1, 1], ['m.T.b', 1, 1], ['m.T.c', 1, 1], ['m.T.new', 0, 1]]);
  t.same(await totalsAfterTwoSessions(join(dir, 'ahead.db'), true), plain);
});

t.test('an empty store reads ahead nothing and records as usual', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-read-ahead-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openHistory({ kind: 'sqlite', file: join(dir, 'h.db') });
  await store.readAhead();
  await store.record(FIRST);
  t.same(await store.size(), { records: 1, outcomes: 3 });
  await store.close();
});
