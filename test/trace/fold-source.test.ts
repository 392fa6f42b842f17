// The shim's folding (trace v2, python-shim/flakescope_shim/fold.py) must leave every analysis the
// same input: one real suite traced with folding after 8 events per key, and with folding off, gives
// the same sleeps, patches, executions and kept events. Every line either run wrote, from each of the
// shim's formatters (sleeps, patch starts and stops with keys, mock calls, folds, boundaries), passes
// the reader's validator.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTraces } from '../../src/trace/read.js';
import { indexRun, type IndexedRun } from '../../src/trace/run-index.js';
import { sleepVerdicts } from '../../src/check/sleep-verdicts.js';
import { summarisePatches, summariseSleeps } from '../../src/report/summaries.js';

const SHIM = path.resolve('python-shim');
const SUITE = `
import os, threading, time, unittest
from unittest import mock

WORKER = []

class Target:
    value = 1

class T(unittest.TestCase):
    def test_loop(self):
        for i in range(40):
            with mock.patch.object(Target, "value", 2):
                time.sleep(0)
            with mock.patch("os.getcwd") as m:
                m()
            with mock.patch.dict(os.environ, {"FOLD_X": "1"}):
                pass
            if i == 30:
                mock.patch.object(Target, "value", 3).start()  # leaked: outlives the test

    def test_m_thread_sleeps_across_the_end(self):
        def worker():
            time.sleep(0.3)  # crosses this test's end: the next test is in its join by the time it ends
            for _ in range(20):
                time.sleep(0)
        WORKER.append(threading.Thread(target=worker))
        WORKER[0].start()
        time.sleep(0.005)

    def test_z_after(self):
        for _ in range(10):
            time.sleep(0)
        WORKER[0].join()
`;

function traced(dir: string, foldAfter: string): Promise<IndexedRun> {
  const traceDir = path.join(dir, `trace-${foldAfter}`);
  const runDir = path.join(traceDir, 'traces', '0');
  spawnSync('mkdir', ['-p', runDir]);
  const r = spawnSync('python3', ['-m', 'unittest', '-q', 'test_fold'], {
    cwd: dir,
    // A sleep scale of 1 changes no duration and puts `scale` on every sleep line and fold.
    env: { ...process.env, PYTHONPATH: SHIM, FLAKESCOPE_TRACE_DIR: runDir, FLAKESCOPE_RUN: '0', FLAKESCOPE_FOLD_AFTER: foldAfter, FLAKESCOPE_SLEEP_SCALE: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return readTraces(traceDir).then((set) => {
    // Every line the shim's formatters wrote, the folds' among them, passed the reader's validator.
    if (set.warnings.length > 0) throw new Error(`trace warnings: ${JSON.stringify(set.warnings)}`);
    return indexRun(set.runs[0] as NonNullable<(typeof set.runs)[0]>);
  });
}

const kinds = (dir: string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const f of readdirSync(dir)) for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) {
    const ev = (JSON.parse(line) as { ev: string }).ev;
    counts[ev] = (counts[ev] ?? 0) + 1;
  }
  return counts;
};

t.test('a trace folded at the source reads as the same trace unfolded', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fold-source-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'test_fold.py'), SUITE);
  const [folded, whole] = await Promise.all([traced(dir, '8'), traced(dir, '1000000')]);
  const lines = kinds(path.join(dir, 'trace-8', 'traces', '0'));
  t.ok((lines['sleep-fold'] ?? 0) > 0 && (lines['patch-fold'] ?? 0) > 0, 'the shim folded sleeps and patch pairs');
  t.equal(kinds(path.join(dir, 'trace-1000000', 'traces', '0'))['sleep-fold'], undefined, 'and nothing with folding off');
  const sleeps = (r: IndexedRun) => summariseSleeps([r], sleepVerdicts([r])).map((s) => ({ site: s.site, api: s.api, calls: s.calls }));
  t.same(sleeps(folded), sleeps(whole), 'every sleep counted, per site');
  t.equal(sleeps(folded).reduce((n, s) => n + s.calls, 0), 40 + 21 + 1 + 10);
  const patches = (r: IndexedRun) => summarisePatches([r], []).map((p) => ({ target: p.target, site: p.site, count: p.count, leaked: p.leaked }));
  t.same(patches(folded), patches(whole), 'the same patches, counted alike');
  const kept = (r: IndexedRun) => r.events.map((e) => `${e.ev} ${'target' in e ? e.target : ''} ${e.test ?? ''}`);
  t.same(kept(folded), kept(whole), 'the same events kept one by one: the leaked patch among them');
  t.ok(kept(folded).some((k) => k.startsWith('patch-start test_fold.Target.value')), `the leaked patch is kept: ${kept(folded).filter((k) => k.startsWith('patch')).join(', ')}`);
  const executions = (r: IndexedRun) => r.folds.flatMap((f) => f.attempts.map((a) => ({ test: a.test, outcome: a.outcome, sleeps: [...a.sleeps.values()].map((s) => ({ site: s.site, calls: s.calls, spans: s.spans.length })) })));
  t.same(executions(folded), executions(whole), 'each execution sleeps the same per site, with the same spans kept');
  t.equal(folded.folds[0]?.eventCount, whole.folds[0]?.eventCount, 'events counted as the ones they stand for');
});
