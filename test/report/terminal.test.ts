import t from 'tap';
import { renderTerminal } from '../../src/report/terminal.js';
import { wantsColor } from '../../src/report/color.js';
import type { Report } from '../../src/report/model.js';

const report: Report = {
  schemaVersion: 1, tool: { name: 'flakescope', version: '1' }, command: [],
  runs: [{ index: 0, exitCode: 1, signal: null, durationMs: 1500, perturbation: {}, order: 'default' }],
  tests: [
    { id: 'a', outcomes: { passed: 1, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 0 }, verdict: 'pass', failureRate: { estimate: 0, low: 0, high: 0.8 } },
    { id: 'b', outcomes: { passed: 0, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 1 }, verdict: 'fail', failureRate: { estimate: 1, low: 0.2, high: 1 }, crashes: [{ run: 0, signal: 'SIGKILL' }] },
  ],
  sleeps: [], patches: [], fixtures: [],
  findings: [{ id: 'x', kind: 'leaked-patch', severity: 'error', test: 'a', site: { file: 'tests/t.py', line: 12 }, target: 'm.f', message: 'patch of m.f leaked', evidence: {} }],
  warnings: [{ where: 'traces/0/1.jsonl:3', message: 'torn last line' }],
};

t.test('summary: tests by verdict, failing tests named, findings with file:line first, warnings', async (t) => {
  const out = renderTerminal(report, { color: false, reportPath: '/o/report.json' });
  t.match(out, /^flakescope: 2 tests \(1 fail, 1 pass\)/);
  t.match(out, /\n {2}fail {2}b \(crashed 1 by SIGKILL\)/);
  t.match(out, /\ntests\/t\.py:12: error leaked-patch: patch of m\.f leaked \(a\)\n/);
  t.match(out, /traces\/0\/1\.jsonl:3: torn last line/);
  t.match(out, /report: \/o\/report\.json\n$/);
  t.notMatch(out, /\u001b\[/, 'no escape codes without colour');
  t.match(renderTerminal(report, { color: true }), /\u001b\[31merror\u001b\[0m/);
});

t.test('one short line per finding: file:line: severity kind: what (Class.test); the full message with --verbose', async (t) => {
  const long = {
    ...report.findings[0]!, test: 'nova.tests.functional.regressions.test_bug_1.TestEvacuateResourceTrackerRace.test_evacuate_races_with_update_available_resource',
    site: { file: '/usr/lib/python3/dist-packages/nova/tests/functional/regressions/test_bug_1.py', line: 113 },
    summary: 'thread "poller" outlived its test; 3 later tests ran with it',
    message: `thread "poller" started at x.py:1 in test ${'a'.repeat(300)} was still running`,
  };
  const out = renderTerminal({ ...report, findings: [long] }, { color: false });
  const line = out.split('\n').find((l) => l.startsWith('/usr/lib')) ?? '';
  t.ok(line.length <= 200, `line of ${line.length} characters`);
  t.match(line, /test_bug_1\.py:113: error leaked-patch: thread "poller" outlived its test; 3 later\u2026 \(test_evacuate_races_with_update_available_resource\)$/,
    'the method name alone when Class.method leaves too little room, the what cut to fit');
  t.notMatch(out, /aaaa/, 'the long message is not printed');
  t.match(renderTerminal({ ...report, findings: [long] }, { color: false, verbose: true }), /\n {2}thread "poller" started at x\.py:1 in test a{300} was still running\n/);
  const noSummary = renderTerminal({ ...report, findings: [{ ...report.findings[0]!, message: 'first clause; second clause' }] }, { color: false });
  t.match(noSummary, /error leaked-patch: first clause \(a\)\n/, 'without a summary: the message up to its first clause');
});

t.test('skipped tests: their own verdict, not counted as failing', async (t) => {
  const skipped = { ...report.tests[0]!, id: 's', outcomes: { ...report.tests[0]!.outcomes, passed: 0, skipped: 1 }, verdict: 'skip' as const };
  const out = renderTerminal({ ...report, tests: [report.tests[0]!, skipped] }, { color: false });
  t.match(out, /^flakescope: 2 tests \(1 pass, 1 skip\)/);
  t.notMatch(out, /\n {2}skip/);
});

t.test('colour only on a TTY and never with NO_COLOR', async (t) => {
  t.equal(wantsColor({ isTTY: true }, {}), true);
  t.equal(wantsColor({ isTTY: false }, {}), false);
  t.equal(wantsColor({}, {}), false);
  t.equal(wantsColor({ isTTY: true }, { NO_COLOR: '1' }), false);
});

t.test('ANSI sequences and control characters from user content are shown, not obeyed', async (t) => {
  const hostile: Report = {
    ...report,
    tests: [{ ...report.tests[1]!, id: 'b\u001b[2J\u001b]8;;http://x\u0007' }],
    findings: [{ ...report.findings[0]!, message: 'leak \u001b[31mred\u001b[0m\u0007', site: { file: 't\u001b[1m.py', line: 3 } }],
    warnings: [{ where: 'w\u001b[K', message: 'm\u0008' }],
  };
  const out = renderTerminal(hostile, { color: false });
  t.notOk(/[\u0000-\u0009\u000b-\u001f\u007f]/.test(out), 'no control character but newline');
  t.match(out, 'leak \\x1b[31mred\\x1b[0m\\x07');
  t.match(out, 't\\x1b[1m.py:3');
});
