import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { applyFixes } from '../../src/fix/apply.js';
import type { Edit } from '../../src/fix/edit.js';
import type { FixRecord } from '../../src/fix/record.js';
import type { FixOutcome, FixSession } from '../../src/fix/session.js';
import type { OutcomeChange } from '../../src/fix/baseline.js';

function setup(together: OutcomeChange[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-apply-'));
  mkdirSync(join(dir, 'out', 'fixes'), { recursive: true });
  const file = join(dir, 'test_x.py');
  const text = 'a = 1\nb = 2\nc = 3\n';
  writeFileSync(file, text);
  let checked = 0;
  const session = {
    original: async () => text,
    display: (f: string) => f.slice(dir.length + 1),
    checkTogether: async () => { checked++; return together; },
  } as unknown as FixSession;
  const outcome = (finding: string, status: FixRecord['status'], edits: Edit[]): FixOutcome => ({
    record: { finding, kind: 'leaked-patch', status, reason: '', patch: null, files: [], verification: null }, edits,
  });
  return { dir, file, session, outcome, checks: () => checked, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

t.test('verified fixes only, as one change: identical edits once, an overlapping one skipped, the whole command checked once', async (t) => {
  const s = setup();
  t.teardown(s.cleanup);
  const addA: Edit = { file: s.file, start: 6, end: 6, text: 'x = 0\n' };
  const r = await applyFixes([
    s.outcome('f1', 'verified', [addA]),
    s.outcome('f2', 'verified', [addA, { file: s.file, start: 12, end: 17, text: 'c = 4' }]),
    s.outcome('f3', 'verified', [{ file: s.file, start: 14, end: 15, text: '=' }]),
    s.outcome('f4', 'failed', [{ file: s.file, start: 0, end: 0, text: 'never\n' }]),
  ], s.session, join(s.dir, 'out'), s.dir);
  t.same(r.applied.map((o) => o.record.finding), ['f1', 'f2']);
  t.same(r.skipped, [{ finding: 'f3', reason: 'its edit in test_x.py overlaps an earlier fix\'s' }]);
  t.equal(readFileSync(s.file, 'utf8'), 'a = 1\nx = 0\nb = 2\nc = 4\n');
  t.same(r.files, [{ file: 'test_x.py', added: 2, removed: 1 }]);
  t.match(readFileSync(join(s.dir, 'out', 'fixes', 'applied.patch'), 'utf8'), /\+x = 0\n b = 2\n-c = 3\n\+c = 4/);
  t.equal(s.checks(), 1);
});

t.test('fixes that break a test together: nothing is written', async (t) => {
  const s = setup([{ test: 'T.test_b', before: 'passed', after: 'failed' }]);
  t.teardown(s.cleanup);
  const r = await applyFixes([
    s.outcome('f1', 'verified', [{ file: s.file, start: 0, end: 0, text: '# 1\n' }]),
    s.outcome('f2', 'verified', [{ file: s.file, start: 6, end: 6, text: '# 2\n' }]),
  ], s.session, join(s.dir, 'out'), s.dir);
  t.same(r.applied, []);
  t.match(r.together, /T\.test_b failed/);
  t.equal(readFileSync(s.file, 'utf8'), 'a = 1\nb = 2\nc = 3\n');
});

t.test('a file changed since the fix read it is not written', async (t) => {
  const s = setup();
  t.teardown(s.cleanup);
  writeFileSync(s.file, 'edited by hand\n');
  await t.rejects(applyFixes([s.outcome('f1', 'verified', [{ file: s.file, start: 0, end: 0, text: '# 1\n' }])], s.session, join(s.dir, 'out'), s.dir), /changed since flakescope fix read it/);
  t.equal(readFileSync(s.file, 'utf8'), 'edited by hand\n');
});
