import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { applyEdits, conflict, dedupe, overlaps, type Edit } from '../../src/fix/edit.js';
import { mapLine } from '../../src/fix/line-map.js';
import { unifiedDiff } from '../../src/fix/unified-diff.js';

const FILE = '/w/test_x.py';
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
const at = (text: string, line: number): number => text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
const insert = (text: string, line: number, added: string): Edit => ({ file: FILE, start: at(text, line), end: at(text, line), text: added });

/** Applies the patch with git in a scratch repo and returns the file as git left it. */
function gitApply(before: string, patch: string): string | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-diff-'));
  try {
    writeFileSync(join(dir, 'test_x.py'), before);
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const r = spawnSync('git', ['apply', '-'], { cwd: dir, input: patch, encoding: 'utf8' });
    return r.status === 0 ? readFileSync(join(dir, 'test_x.py'), 'utf8') : { error: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('an insertion shows as added lines only, with three lines of context, and git applies it', async (t) => {
  const before = lines(10);
  const edits = [insert(before, 5, 'new a\nnew b\n')];
  const patch = unifiedDiff('test_x.py', before, edits);
  t.equal(patch, [
    'diff --git a/test_x.py b/test_x.py', '--- a/test_x.py', '+++ b/test_x.py', '@@ -2,6 +2,8 @@',
    ' line 2', ' line 3', ' line 4', '+new a', '+new b', ' line 5', ' line 6', ' line 7', '',
  ].join('\n'));
  t.equal(gitApply(before, patch), applyEdits(before, edits));
});

t.test('a replacement inside a line shows the line removed and added; far-apart changes get their own hunks', async (t) => {
  const before = lines(30);
  const s = at(before, 3) + 'line '.length;
  const edits: Edit[] = [{ file: FILE, start: s, end: s + 1, text: 'three' }, insert(before, 25, 'late\n')];
  const patch = unifiedDiff('test_x.py', before, edits);
  t.match(patch, /@@ -1,6 \+1,6 @@\n line 1\n line 2\n-line 3\n\+line three\n line 4/);
  t.match(patch, /@@ -22,6 \+22,7 @@\n line 22\n line 23\n line 24\n\+late\n line 25/);
  t.equal(gitApply(before, patch), applyEdits(before, edits));
});

t.test('changes whose context windows touch share a hunk; line numbers shift by earlier hunks', async (t) => {
  const before = lines(40);
  const edits = [insert(before, 5, 'a\n'), insert(before, 10, 'b\n'), insert(before, 35, 'c\n')];
  const patch = unifiedDiff('test_x.py', before, edits);
  t.equal((patch.match(/^@@/gm) ?? []).length, 2);
  t.match(patch, /@@ -32,6 \+34,7 @@/);
  t.equal(gitApply(before, patch), applyEdits(before, edits));
});

t.test('a file without a final newline: the marker on the side that has it, and git applies it', async (t) => {
  const before = 'a\nb\nc';
  const end = before.length;
  const edits: Edit[] = [{ file: FILE, start: end, end, text: '\nd' }];
  const patch = unifiedDiff('test_x.py', before, edits);
  t.match(patch, /-c\n\\ No newline at end of file\n\+c\n\+d\n\\ No newline at end of file\n/);
  t.equal(gitApply(before, patch), 'a\nb\nc\nd');
});

t.test('CRLF lines keep their \\r; nothing changed gives no patch', async (t) => {
  const before = 'a\r\nb\r\nc\r\n';
  const edits: Edit[] = [{ file: FILE, start: 3, end: 3, text: 'x\r\n' }];
  const patch = unifiedDiff('test_x.py', before, edits);
  t.match(patch, /\+x\r\n/);
  t.equal(gitApply(before, patch), 'a\r\nx\r\nb\r\nc\r\n');
  t.equal(unifiedDiff('test_x.py', before, [{ file: FILE, start: 0, end: 1, text: 'a' }]), '');
});

t.test('edits: overlap, duplicates, and insertion order', async (t) => {
  const a: Edit = { file: FILE, start: 0, end: 5, text: 'x' };
  t.ok(overlaps(a, { file: FILE, start: 4, end: 6, text: '' }));
  t.notOk(overlaps(a, { file: FILE, start: 5, end: 6, text: '' }));
  t.notOk(overlaps({ file: FILE, start: 3, end: 3, text: 'i' }, { file: FILE, start: 3, end: 3, text: 'j' }), 'two insertions at one point do not clash');
  t.ok(overlaps({ file: FILE, start: 3, end: 3, text: 'i' }, { file: FILE, start: 1, end: 5, text: '' }), 'an insertion inside a replaced span does');
  t.notOk(overlaps(a, { ...a, file: '/w/other.py' }));
  t.same(dedupe([a, { ...a }]), [a]);
  t.same(conflict([a, { file: FILE, start: 2, end: 3, text: '' }])?.[0], a);
  t.equal(applyEdits('0123456789', [{ file: FILE, start: 3, end: 3, text: 'a' }, { file: FILE, start: 3, end: 3, text: 'b' }, { file: FILE, start: 5, end: 7, text: '' }]), '012ab34789');
});

t.test('mapLine: lines move by what was added above them; a replaced line is gone', async (t) => {
  const before = lines(6);
  const edits = [insert(before, 2, 'x\ny\n'), { file: FILE, start: at(before, 4), end: at(before, 5) - 1, text: 'four' }];
  t.equal(mapLine(before, edits, 1), 1);
  t.equal(mapLine(before, edits, 2), 4);
  t.equal(mapLine(before, edits, 3), 5);
  t.equal(mapLine(before, edits, 4), null);
  t.equal(mapLine(before, edits, 6), 8);
  t.equal(mapLine(before, edits, 99), null);
});
