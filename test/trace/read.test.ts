import t, { type Test } from 'tap';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { indexRun, type RunTrace } from '../../src/trace/run-index.js';
import { MAX_LINE_WARNINGS_PER_FILE, readTraces } from '../../src/trace/read.js';

/** Kinds of the events of a run's first process, as the analyses see them. */
const keptKinds = (run: RunTrace | undefined) => (run ? indexRun(run).events.filter((e) => e.proc === 0).map((e) => e.ev) : []);

const header = (extra: Record<string, unknown> = {}) => JSON.stringify({ ev: 'header', v: 1, pid: 7, ppid: 1, python: '3.11', argv: [], run: 0, t0: 0, ...extra });
const line = (o: Record<string, unknown>) => JSON.stringify(o);
const testStart = line({ ev: 'test-start', t: 1, test: 'a.T.test_1', runner: 'unittest' });
const testEnd = line({ ev: 'test-end', t: 2, test: 'a.T.test_1', outcome: 'passed', duration: 0.1 });

function traceDir(t: Test, files: Record<string, string | Buffer>): string {
  const dir = t.testdir({});
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, 'traces', rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

t.test('reads header and events of every process of every run, in run order', async (t) => {
  const dir = traceDir(t, {
    '1/9.jsonl': `${header({ pid: 9, run: 1 })}\n${testStart}\n`,
    '0/7.jsonl': `${header()}\n${testStart}\n${testEnd}\n`,
    '0/8.jsonl': `${header({ pid: 8 })}\n`,
  });
  const { runs, warnings } = await readTraces(dir);
  t.same(warnings, []);
  t.same(runs.map((r) => [r.index, r.processes.length]), [[0, 2], [1, 1]]);
  t.equal(runs[0]?.processes[0]?.header.pid, 7);
  t.same(keptKinds(runs[0]), ['test-start', 'test-end']);
});

t.test('a torn last line is a warning naming file and line; the rest is kept', async (t) => {
  const dir = traceDir(t, { '0/7.jsonl': `${header()}\n${testStart}\n{"ev":"test-end","t":2,"te` });
  const { runs, warnings } = await readTraces(dir);
  t.same(keptKinds(runs[0]), ['test-start']);
  t.equal(warnings.length, 1);
  t.equal(warnings[0]?.where, path.join('traces', '0', '7.jsonl') + ':3');
  t.match(warnings[0]?.message, /torn last line/);
});

t.test('unknown kinds and unknown fields are skipped quietly; unknown kinds noted once', async (t) => {
  const dir = traceDir(t, {
    '0/7.jsonl': [header({ future: true }), line({ ev: 'gpu-burn', t: 1 }), line({ ev: 'gpu-burn', t: 2 }), line({ ev: 'test-start', t: 3, test: 'x', runner: 'pytest', extra: { a: 1 } })].join('\n') + '\n',
  });
  const { runs, warnings } = await readTraces(dir);
  t.same(keptKinds(runs[0]), ['test-start']);
  t.equal(warnings.length, 1);
  t.match(warnings[0]?.message, 'skipped unknown event kinds: gpu-burn');
});

t.test('events with missing or wrong-typed required fields are dropped with a warning', async (t) => {
  const dir = traceDir(t, {
    '0/7.jsonl': [
      header(),
      line({ ev: 'test-end', t: 1, test: 'x', outcome: 'exploded', duration: 1 }),
      line({ ev: 'patch-start', t: 2, id: 'p1', target: 't', via: 'mock.patch', how: 'start', site: { file: 'a.py', line: 1 } }),
      line({ ev: 'sleep', t: 'soon', api: 'time.sleep', requested: 1, actual: 1, site: { file: 'a.py', line: 1 } }),
      testStart,
    ].join('\n') + '\n',
  });
  const { runs, warnings } = await readTraces(dir);
  t.same(keptKinds(runs[0]), ['test-start']);
  t.same(warnings.map((w) => w.where.split(':').pop()), ['2', '3', '4']);
  t.match(warnings[1]?.message, 'missing field "owner"');
  t.match(warnings[2]?.message, 'field "t" is not a number');
});

t.test('a header of a newer trace version skips that file with a warning', async (t) => {
  const dir = traceDir(t, { '0/7.jsonl': `${header({ v: 99 })}\n${testStart}\n`, '0/8.jsonl': `${header({ pid: 8 })}\n${testStart}\n` });
  const { runs, warnings } = await readTraces(dir);
  t.equal(runs[0]?.processes.length, 1);
  t.equal(runs[0]?.processes[0]?.header.pid, 8);
  t.match(warnings[0]?.message, /version 99 is newer/);
});

t.test('binary garbage, missing headers, stray files and folders are warnings, not crashes', async (t) => {
  const dir = traceDir(t, {
    '0/1.jsonl': Buffer.from([0x00, 0xff, 0xfe, 0x10, 0x80, 0x0a]),
    '0/2.jsonl': `${testStart}\n`,
    '0/3.jsonl': '',
    '0/notes.txt': 'hello',
    'junk/4.jsonl': `${header()}\n`,
    '0/7.jsonl': `${header()}\n${testStart}\n`,
  });
  const { runs, warnings } = await readTraces(dir);
  t.same(runs.map((r) => r.index), [0]);
  t.equal(runs[0]?.processes.length, 1);
  const byFile = Object.fromEntries(warnings.map((w) => [w.where.split(':')[0], w.message]));
  t.match(byFile[path.join('traces', '0', '1.jsonl')], /binary/);
  t.match(byFile[path.join('traces', '0', '2.jsonl')], /not a flakescope trace/);
  t.match(byFile[path.join('traces', '0', '3.jsonl')], /no header/);
  t.match(byFile[path.join('traces', '0', 'notes.txt')], /not a .jsonl/);
  t.match(byFile[path.join('traces', 'junk')], /not a run folder/);
});

t.test('line warnings are capped per file', async (t) => {
  const bad = Array.from({ length: 20 }, () => 'not json').join('\n');
  const dir = traceDir(t, { '0/7.jsonl': `${header()}\n${bad}\n` });
  const { warnings } = await readTraces(dir);
  t.equal(warnings.length, MAX_LINE_WARNINGS_PER_FILE + 1);
  t.match(warnings.at(-1)?.message, `${20 - MAX_LINE_WARNINGS_PER_FILE} more bad lines`);
});

t.test('no traces folder: no runs, no warnings', async (t) => {
  t.same(await readTraces(t.testdir({})), { runs: [], warnings: [], newer: [] });
});

t.test('ownership fields on resource-open and re-applied state on snapshots are read, and checked', async (t) => {
  const site = { file: 'x.py', line: 3 };
  const open = { ev: 'resource-open', t: 3, kind: 'thread', key: 'thread:1', target: 'w', owner: { scope: 'test', id: 'a.T.test_1' }, site };
  const dir = traceDir(t, {
    '0/7.jsonl': [header(), testStart,
      line({ ...open, createdBy: { ...site, module: 'lib.pool' }, heldBy: 'lib.pool._workers[0]' }),
      line({ ev: 'snapshot', t: 4, at: 'end', id: 'a.T.test_1', reapplied: [{ target: 'logging:root', site }] }),
      line({ ...open, t: 5, key: 'thread:2', createdBy: 'not a site' }),
      line({ ev: 'snapshot', t: 6, at: 'start', id: 'a.T.test_2', reapplied: [{ target: 'logging:root' }] }), ''].join('\n'),
  });
  const { runs, warnings } = await readTraces(dir);
  const events = runs[0] ? indexRun(runs[0]).events : [];
  const kept = events.find((e) => e.ev === 'resource-open');
  t.same(kept?.ev === 'resource-open' ? [kept.createdBy?.module, kept.heldBy] : [], ['lib.pool', 'lib.pool._workers[0]']);
  const snap = events.find((e) => e.ev === 'snapshot');
  t.same(snap?.ev === 'snapshot' ? snap.reapplied : [], [{ target: 'logging:root', site }]);
  t.same(warnings.map((w) => w.message.replace(/^.*?jsonl:\d+: /, '')).sort(), [
    'resource-open: field "createdBy" is not a site; event dropped',
    'snapshot: field "reapplied" is not a target-list; event dropped',
  ]);
});
