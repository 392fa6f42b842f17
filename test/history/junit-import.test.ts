import t from 'tap';
import { parseJunit } from '../../src/history/junit-import.js';
import { renderJunit } from '../../src/report/junit.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

const counts = (xml: string, exists?: (f: string) => boolean) =>
  Object.fromEntries(parseJunit(xml, exists).tests.map((o) => [o.test, [o.passed, o.failed, o.skipped, o.reruns]]));

t.test('plain JUnit: one attempt per testcase', async (t) => {
  const xml = `<testsuites><testsuite name="s" timestamp="2026-01-02T03:04:05Z">
    <testcase classname="pkg.mod.T" name="test_ok" time="0.1"/>
    <testcase classname="pkg.mod.T" name="test_bad" time="0.2"><failure message="boom&#10;detail">trace</failure></testcase>
    <testcase classname="pkg.mod.T" name="test_err"><error>only text</error></testcase>
    <testcase classname="pkg.mod.T" name="test_skip"><skipped/></testcase>
  </testsuite></testsuites>`;
  const parsed = parseJunit(xml);
  t.equal(parsed.dialect, 'junit');
  t.equal(parsed.timestamp, Date.parse('2026-01-02T03:04:05Z'));
  t.same(counts(xml), { 'pkg.mod.T.test_ok': [1, 0, 0, 0], 'pkg.mod.T.test_bad': [0, 1, 0, 0], 'pkg.mod.T.test_err': [0, 1, 0, 0], 'pkg.mod.T.test_skip': [0, 0, 1, 0] });
  t.equal(parsed.tests.find((o) => o.test === 'pkg.mod.T.test_bad')?.message, 'boom');
  t.equal(parsed.tests.find((o) => o.test === 'pkg.mod.T.test_err')?.message, 'only text');
});

t.test('Maven Surefire: flakyFailure passed on a rerun, rerunFailure failed every attempt', async (t) => {
  const xml = `<testsuite name="com.x.NetTest">
    <testcase classname="com.x.NetTest" name="flaky" time="1.5"><flakyFailure message="timeout" type="E"><stackTrace>..</stackTrace></flakyFailure><flakyError message="reset"/></testcase>
    <testcase classname="com.x.NetTest" name="broken" time="1"><failure message="no"/><rerunFailure message="no"/><rerunError message="no"/></testcase>
  </testsuite>`;
  t.same(counts(xml), { 'com.x.NetTest.flaky': [1, 2, 0, 2], 'com.x.NetTest.broken': [0, 3, 0, 2] });
});

t.test('pytest-rerunfailures: a repeated testcase was rerun, so the earlier attempts failed; ids become node ids when the file exists', async (t) => {
  const xml = `<testsuites><testsuite name="pytest">
    <testcase classname="tests.test_net.TestNet" name="test_flaky" time="0.1"/>
    <testcase classname="tests.test_net.TestNet" name="test_flaky" time="0.1"/>
    <testcase classname="tests.test_net" name="test_always" time="0.1"/>
    <testcase classname="tests.test_net" name="test_always" time="0.1"><failure message="x"/></testcase>
    <testcase classname="tests.test_net" name="test_once" time="0.1"/>
  </testsuite></testsuites>`;
  const exists = (f: string): boolean => f === 'tests/test_net.py';
  t.same(counts(xml, exists), {
    'tests/test_net.py::TestNet::test_flaky': [1, 1, 0, 1],
    'tests/test_net.py::test_always': [0, 2, 0, 1],
    'tests/test_net.py::test_once': [1, 0, 0, 0],
  });
  t.same(Object.keys(counts(xml)), ['tests.test_net.TestNet.test_flaky', 'tests.test_net.test_always', 'tests.test_net.test_once'], 'without the file: classname.name');
});

t.test("flakescope's own junit.xml reads back its exact ids and counts", async (t) => {
  const full = sampleReport();
  // XML cannot carry control characters, so an id holding them cannot come back exactly.
  const report = { ...full, tests: full.tests.filter((x) => !/[\u0000-\u001f]/.test(x.id.replace(/\n/g, ''))) };
  const parsed = parseJunit(renderJunit(report));
  t.equal(parsed.dialect, 'flakescope');
  t.ok(report.tests.some((x) => x.id.includes('::')), 'a pytest node id is among them');
  t.same(parsed.tests.map((o) => o.test).sort(), report.tests.map((x) => x.id).sort());
  for (const x of report.tests) {
    const o = parsed.tests.find((p) => p.test === x.id);
    t.same([o?.passed, o?.failed, o?.skipped], [x.outcomes.passed, x.outcomes.failed + x.outcomes.error + x.outcomes.hang + x.outcomes.crashed, x.outcomes.skipped], x.id);
  }
});

t.test('what is not JUnit is an error, not an empty import', async (t) => {
  t.throws(() => parseJunit('<html><body/></html>'), /not a JUnit XML file/);
  t.throws(() => parseJunit('<testsuite><testcase'), /XML|JUnit/);
});
