import t from 'tap';
import type { Finding } from '../../src/check/finding.js';
import type { Report, TestSummary, Verdict } from '../../src/report/model.js';
import { diffStates, EMPTY_STATE, isNoChange, mergeStates, stateOf, stateReport } from '../../src/watch/diff.js';
import { summaryLines } from '../../src/watch/summary.js';

const test = (id: string, verdict: Verdict): TestSummary => ({
  id, verdict, outcomes: { passed: 1, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 0 }, failureRate: { estimate: 0, low: 0, high: 0 },
});
const finding = (id: string, testId: string | null): Finding => ({
  id, kind: 'leaked-patch', severity: 'error', test: testId, site: { file: 'test_a.py', line: 5 }, message: `leak ${id}\nsecond line`, evidence: {},
});
const report = (tests: TestSummary[], findings: Finding[]): Report => ({
  schemaVersion: 1, tool: { name: 'flakescope', version: '0' }, command: [], runs: [], tests, sleeps: [], patches: [], fixtures: [], findings, warnings: [],
});

const before = stateOf(report([test('a.T.one', 'pass'), test('a.T.two', 'pass'), test('b.U.x', 'fail')], [finding('p1', 'b.U.x'), finding('p2', null)]));

t.test('a full run: new and fixed findings, verdict changes, new and vanished tests', async (t) => {
  const after = stateOf(report([test('a.T.one', 'fail'), test('b.U.x', 'fail'), test('c.V.new', 'pass')], [finding('p3', 'a.T.one')]));
  const d = diffStates(before, after, null);
  t.same(d.newFindings.map((f) => f.id), ['p3']);
  t.same(d.fixedFindings.map((f) => f.id), ['p1', 'p2']);
  t.same(d.verdicts, [
    { test: 'a.T.one', from: 'pass', to: 'fail' },
    { test: 'a.T.two', from: 'pass', to: null },
    { test: 'c.V.new', from: null, to: 'pass' },
  ]);
  const lines = summaryLines(d);
  t.match(lines[0], /^\+ new finding: error leaked-patch in a\.T\.one \(test_a\.py:5\): leak p3$/);
  t.ok(lines.some((l) => l === '~ verdict a.T.two: pass -> no longer run'));
});

t.test('a narrowed run changes only what it covered', async (t) => {
  const after = stateOf(report([test('a.T.one', 'pass'), test('a.T.two', 'pass')], []));
  const covered = ['a.T.one', 'a.T.two'];
  const d = diffStates(before, after, covered);
  t.ok(isNoChange(d), 'findings of other tests and of no test are not "fixed" by a run that did not cover them');
  t.same(summaryLines(d), []);
  const merged = mergeStates(before, after, covered);
  t.same([...merged.tests.keys()].sort(), ['a.T.one', 'a.T.two', 'b.U.x']);
  t.same([...merged.findings.keys()].sort(), ['p1', 'p2']);
});

t.test('a narrowed run that finds a leak in its tests, and loses one of them', async (t) => {
  const after = stateOf(report([test('a.T.one', 'pass')], [finding('p3', 'a.T.one')]));
  const d = diffStates(before, after, ['a.T.one', 'a.T.two']);
  t.same(d.newFindings.map((f) => f.id), ['p3']);
  t.same(d.verdicts, [{ test: 'a.T.two', from: 'pass', to: null }]);
  const merged = mergeStates(before, after, ['a.T.one', 'a.T.two']);
  t.same([...merged.tests.keys()].sort(), ['a.T.one', 'b.U.x']);
  t.same([...merged.findings.keys()].sort(), ['p1', 'p2', 'p3']);
});

t.test('a fixed finding of a covered test', async (t) => {
  const after = stateOf(report([test('b.U.x', 'pass')], []));
  const d = diffStates(before, after, ['b.U.x']);
  t.same(d.fixedFindings.map((f) => f.id), ['p1']);
  t.same(d.verdicts, [{ test: 'b.U.x', from: 'fail', to: 'pass' }]);
});

t.test('the status report holds the whole state', async (t) => {
  const latest = report([test('a.T.one', 'pass')], []);
  const full = stateReport(latest, mergeStates(before, stateOf(latest), ['a.T.one']));
  t.same(full.findings.map((f) => f.id).sort(), ['p1', 'p2']);
  t.equal(full.tests.length, 3);
  t.same(stateOf(report([], [])), EMPTY_STATE);
});

t.test('control characters in user text are shown, not emitted', async (t) => {
  const after = stateOf(report([test('a.T.\u001b[31mred', 'pass')], []));
  const lines = summaryLines(diffStates(EMPTY_STATE, after, null));
  t.notMatch(lines.join(''), /\u001b/);
  t.match(lines[0], /\\x1b\[31mred/);
});
