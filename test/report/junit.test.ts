import t from 'tap';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../src/report/junit.js';
import { attemptsFromRuns } from '../../src/report/attempts.js';
import { splitTestId } from '../../src/report/test-id.js';
import { sampleReport, HOSTILE } from '../fixtures/report/sample-report.js';
import type { TraceEvent } from '../../src/trace/schema.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError'].includes(name) });

function parse(xml: string) {
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  return parser.parse(xml);
}

// XML 1.0 cannot carry C0 controls: the renderer writes them as visible \\u{..} text.
const visible = (s: string) => s.replace(/\u0001/g, '\\u{1}').replace(/\u001b/g, '\\u{1b}');

function cases(doc: any): any[] {
  return doc.testsuites.testsuite.flatMap((s: any) => s.testcase);
}

t.test('every test case is there with classname and name', async (t) => {
  const report = sampleReport();
  const doc = parse(renderJunit(report));
  const tcs = cases(doc);
  t.equal(tcs.length, report.tests.length);
  for (const test of report.tests) {
    const { classname, name } = splitTestId(test.id);
    const found = tcs.find((c) => c['@classname'] === classname && c['@name'] === visible(name));
    t.ok(found, `testcase for ${JSON.stringify(test.id)}`);
  }
  t.equal(doc.testsuites['@tests'], String(report.tests.length));
});

t.test('surefire flaky / rerun convention from outcome counts', async (t) => {
  const tcs = cases(parse(renderJunit(sampleReport())));
  const byName = (n: string) => tcs.find((c) => c['@name'] === n);
  const flaky = byName('test_flaky[a::b]');
  t.equal(flaky.flakyFailure.length, 2, 'two flaky failures');
  t.notOk(flaky.failure, 'flaky test is not a failure');
  const always = byName('test_always');
  t.ok(always.failure, 'first attempt is the failure');
  t.equal(always.rerunFailure.length, 2);
  t.equal(always.rerunError.length, 2);
  t.ok(byName('test_skipped').skipped !== undefined, 'skipped');
  t.notOk(byName('test_leak').failure);
  const doc = parse(renderJunit(sampleReport()));
  t.equal(doc.testsuites['@failures'], '1');
  t.equal(doc.testsuites['@skipped'], '1');
});

t.test('findings and verdicts are properties', async (t) => {
  const tcs = cases(parse(renderJunit(sampleReport())));
  const leak = tcs.find((c) => c['@name'] === 'test_leak');
  const props: Array<[string, string]> = leak.properties.property.map((p: any) => [p['@name'], p['@value']]);
  t.ok(props.find(([n, v]) => n === 'flakescope.finding.leaked-patch' && v.includes('pkg/mod.py:42')));
  t.ok(props.find(([n, v]) => n === 'flakescope.verdict' && v === 'pass'));
});

t.test('messages from trace attempts, hostile text survives as text', async (t) => {
  const report = sampleReport();
  const id = 'pkg.mod.TestA.test_always';
  const run = (outcome: 'failed' | 'passed', message?: string): TraceEvent[] => [
    { ev: 'test-end', t: 1, test: id, outcome, duration: 0.1, ...(message ? { message } : {}) },
  ];
  const attempts = attemptsFromRuns([run('failed', `boom ${HOSTILE}`), run('failed', 'again')]);
  const xml = renderJunit(report, { attempts });
  t.notMatch(xml, /<script>/, 'no raw markup');
  t.notMatch(xml, /\u0001|\u001b/, 'no control characters');
  const tc = cases(parse(xml)).find((c) => c['@name'] === 'test_always');
  t.match(tc.failure['#text'], '<script>alert(1)</script>', 'markup round-trips as text');
  t.match(tc.failure['#text'], ']]>');
  t.equal(tc.rerunFailure[0].stackTrace, 'again');
});
