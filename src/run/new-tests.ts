// Early flake detection (--new-tests BASE_REF): the tests added or changed since BASE_REF, found from
// git's diff and the test files' own text, in the runner's id syntax. A test changed when a line of it
// (decorators included) changed, or a line of its class outside any test (setUp, class attributes);
// every test of a new file is new. Module-level changes (imports, helpers) select nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { runGit } from '../history/git.js';
import { detectRunner, type Runner } from './select.js';
import { moduleOfFile } from './python-module.js';

/** Files a runner collects tests from: unittest's default test*.py, and pytest's test_*.py / *_test.py. */
const TEST_FILE = /^(test.*|.*_test)\.py$/;

export interface SourceTest {
  /** Enclosing classes, outermost first. */
  classes: string[];
  name: string;
  /** 1-based, inclusive; from the first decorator to the last line of the body. */
  start: number;
  end: number;
}

export interface ClassSpan {
  classes: string[];
  start: number;
  end: number;
}

const TRIPLE_QUOTE = /"""|'''/g;
const indentOf = (line: string): number => line.length - line.trimStart().length;
const isCode = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Test functions and classes of a Python file, by indentation (no Python needed, no code run). */
export function testsInSource(source: string): { tests: SourceTest[]; classes: ClassSpan[] } {
  const lines = source.split('\n');
  const tests: SourceTest[] = [];
  const classes: ClassSpan[] = [];
  // Open blocks: classes and test functions, each closed by the next code line indented no deeper.
  const open: Array<{ kind: 'class' | 'test'; indent: number; name: string; start: number; classes: string[] }> = [];
  let decoratorStart: number | null = null;
  // Inside a triple-quoted string, lines are text whatever their indentation.
  let inString = false;
  const close = (upTo: number, lineNo: number): void => {
    while (open.length > 0 && (open[open.length - 1] as { indent: number }).indent >= upTo) {
      const b = open.pop() as (typeof open)[number];
      let end = lineNo - 1;
      while (end > b.start && !isCode(lines[end - 1] ?? '')) end--;
      if (b.kind === 'test') tests.push({ classes: b.classes, name: b.name, start: b.start, end });
      else classes.push({ classes: [...b.classes, b.name], start: b.start, end });
    }
  };
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const wasInString = inString;
    if ((line.match(TRIPLE_QUOTE) ?? []).length % 2 === 1) inString = !inString;
    if (wasInString || !isCode(line)) return;
    const indent = indentOf(line);
    close(indent, lineNo);
    const text = line.trim();
    if (text.startsWith('@')) {
      decoratorStart ??= lineNo;
      return;
    }
    const start = decoratorStart ?? lineNo;
    decoratorStart = null;
    const enclosing = open.filter((b) => b.kind === 'class').map((b) => b.name);
    const cls = /^class\s+(\w+)/.exec(text);
    if (cls) open.push({ kind: 'class', indent, name: cls[1] as string, start, classes: enclosing });
    const def = /^(?:async\s+)?def\s+(test\w*)\s*\(/.exec(text);
    if (def && open.every((b) => b.kind === 'class')) open.push({ kind: 'test', indent, name: def[1] as string, start, classes: enclosing });
  });
  close(0, lines.length + 1);
  return { tests: tests.sort((a, b) => a.start - b.start), classes };
}

/** Changed line ranges of each file's new side, from `git diff -U0`; 'all' for an added file. */
export function parseDiff(diff: string): Map<string, Array<[number, number]> | 'all'> {
  const out = new Map<string, Array<[number, number]> | 'all'>();
  let file: string | null = null;
  let added = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('--- ')) added = line === '--- /dev/null';
    else if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? null : line.slice(4).replace(/^b\//, '');
      if (file !== null) out.set(file, added ? 'all' : []);
    } else if (file !== null && line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const ranges = out.get(file);
      if (!m || ranges === 'all' || ranges === undefined) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      // A pure deletion (count 0) sits between line `start` and the next: both are touched.
      ranges.push(count === 0 ? [start, start + 1] : [start, start + count - 1]);
    }
  }
  return out;
}

const overlaps = (ranges: ReadonlyArray<[number, number]>, start: number, end: number): boolean => ranges.some(([a, b]) => a <= end && b >= start);

/** The tests of one file that a change touched. */
export function changedTests(source: string, ranges: ReadonlyArray<[number, number]> | 'all'): SourceTest[] {
  const { tests, classes } = testsInSource(source);
  if (ranges === 'all') return tests;
  const touchedClasses = classes.filter((c) => {
    const inTests = tests.filter((t) => t.classes.join('.') === c.classes.join('.'));
    // Lines of the class itself: its span minus its tests' spans.
    return ranges.some(([a, b]) => {
      for (let line = Math.max(a, c.start); line <= Math.min(b, c.end); line++) if (!inTests.some((t) => line >= t.start && line <= t.end)) return true;
      return false;
    });
  });
  return tests.filter((t) => overlaps(ranges, t.start, t.end) || touchedClasses.some((c) => c.classes.every((name, i) => t.classes[i] === name)));
}

/** A test's id in the runner's syntax; null when that runner cannot name it (a plain function under unittest). */
export function testIdFor(runner: Runner, file: string, t: SourceTest): string | null {
  if (runner === 'pytest') return [file, ...t.classes, t.name].join('::');
  if (t.classes.length === 0) return null;
  return [moduleOfFile(file), ...t.classes, t.name].join('.');
}

function git(cwd: string, args: string[]): string {
  const r = runGit(cwd, args);
  if (r.status !== 0) throw new UsageError(`--new-tests: git ${args[0]} failed (${r.stderr.trim().split('\n')[0] ?? ''}); run in a git repository and give a known ref`);
  return r.stdout;
}

export interface NewTests {
  ids: string[];
  files: string[];
}

/** The tests added or changed since `baseRef` (committed, staged, unstaged and untracked files alike). */
export function newTestsSince(command: string[], cwd: string, baseRef: string): NewTests {
  const runner = detectRunner(command);
  if (runner === 'unknown') throw new UsageError('--new-tests narrows the command to the new tests: use pytest, python -m unittest (without discover), testtools.run or stestr');
  if (runGit(cwd, ['rev-parse', '--git-dir']).status !== 0) throw new UsageError(`--new-tests: ${cwd} is not in a git repository`);
  if (runGit(cwd, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]).status !== 0) throw new UsageError(`--new-tests ${baseRef}: git knows no such commit here (in CI, fetch it first, e.g. git fetch origin ${baseRef.replace(/^origin\//, '')})`);
  const changed = parseDiff(git(cwd, ['diff', '-U0', '--no-color', '--no-ext-diff', '--relative', baseRef, '--', '*.py']));
  for (const f of git(cwd, ['ls-files', '--others', '--exclude-standard', '--', '*.py']).split('\n')) if (f !== '') changed.set(f, 'all');
  const ids: string[] = [];
  const files: string[] = [];
  for (const [file, ranges] of changed) {
    if (!TEST_FILE.test(path.basename(file))) continue;
    let source: string;
    try {
      source = readFileSync(path.join(cwd, file), 'utf8');
    } catch {
      continue;
    }
    const found = changedTests(source, ranges).map((t) => testIdFor(runner, file, t)).filter((id): id is string => id !== null);
    if (found.length > 0) files.push(file);
    ids.push(...found);
  }
  return { ids: [...new Set(ids)], files };
}
