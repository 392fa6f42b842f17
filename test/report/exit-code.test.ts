import t from 'tap';
import { failureReasons } from '../../src/report/exit-code.js';
import type { Report, TestSummary } from '../../src/report/model.js';
import type { Finding, Severity } from '../../src/check/finding.js';

const finding = (severity: Severity): Finding => ({ id: 'x', kind: 'leaked-patch', severity, test: 'a', site: { file: 'a.py', line: 1 }, message: 'm', evidence: {} });
const test = (verdict: TestSummary['verdict']): TestSummary => ({ id: 'a', outcomes: { passed: 0, failed: 0, error: 0, skipped: 0, hang: 0, crashed: 0 }, verdict, failureRate: { estimate: 0, low: 0, high: 1 } });
const report = (over: Partial<Report>): Report => ({ schemaVersion: 1, tool: { name: 'flakescope', version: '1' }, command: [], runs: [{ index: 0, exitCode: 0, signal: null, durationMs: 1, perturbation: {}, order: 'default' }], tests: [], sleeps: [], patches: [], fixtures: [], findings: [], warnings: [], ...over });

t.test('findings count from the --fail-on level upwards', async (t) => {
  const r = report({ findings: [finding('warning')] });
  t.equal(failureReasons(r, 'error').length, 0);
  t.equal(failureReasons(r, 'warning').length, 1);
  t.equal(failureReasons(r, 'info').length, 1);
  t.equal(failureReasons(report({ findings: [finding('error')] }), 'error').length, 1);
});

t.test('a test that failed in every run, or a command that failed in every run, keeps the suite red', async (t) => {
  t.match(failureReasons(report({ tests: [test('fail')] }), 'error'), [/failed in every run/]);
  t.same(failureReasons(report({ tests: [test('flaky'), test('pass')] }), 'error'), []);
  t.match(failureReasons(report({ runs: [{ index: 0, exitCode: null, signal: 'SIGKILL', durationMs: 1, perturbation: {}, order: 'default' }] }), 'error'), [/command failed/]);
  t.same(failureReasons(report({ runs: [{ index: 0, exitCode: null, signal: null, durationMs: 0, perturbation: {}, order: 'default' }] }), 'error'), [], 'unknown exit codes are not failures');
});

t.test('--fail-on never gives no reasons at all', async (t) => {
  t.same(failureReasons(report({ findings: [finding('error')], tests: [test('fail')], runs: [{ index: 0, exitCode: 1, signal: null, durationMs: 1, perturbation: {}, order: 'default' }] }), 'never'), []);
});
