// JUnit XML (the Jenkins / GitLab / GitHub reporters' dialect) with the Maven Surefire rerun
// convention: a test that failed and also passed is a pass with <flakyFailure>/<flakyError> per
// failed attempt; a test that never passed is a <failure>/<error> with <rerunFailure>/<rerunError>
// for the attempts after the first. Findings are <property> entries (as pytest's record_property).
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Finding } from '../check/finding.js';
import type { Report, ReportFinding, TestSummary } from './model.js';
import { type Attempt, type AttemptsByTest, attemptsFromCounts } from './attempts.js';
import { splitTestId } from './test-id.js';
import { showControlChars } from './escape.js';

export interface JunitOptions {
  /** Per-run results with messages (attemptsFromRuns); without it, built from outcome counts. */
  attempts?: AttemptsByTest;
}

/** Characters XML 1.0 cannot carry at all are written as visible \u{..} text. */
function replaceInvalidXmlChar(c: string): string {
  return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
}

const FAILING = new Set<Attempt['outcome']>(['failed', 'error', 'hang', 'crashed']);
/** failed is an assertion failure; error, hang and crashed are errors in JUnit terms. */
const isFailure = (a: Attempt): boolean => a.outcome === 'failed';

function attemptMessage(a: Attempt): string {
  return a.message ?? `${a.outcome} in run ${a.run}`;
}

function addAttempt(tc: XMLBuilder, tag: string, a: Attempt): void {
  const el = tc.ele(tag, { message: showControlChars(attemptMessage(a).split('\n')[0] ?? ''), type: a.outcome });
  if (tag.startsWith('flaky') || tag.startsWith('rerun')) {
    el.ele('stackTrace').txt(attemptMessage(a));
  } else {
    el.txt(attemptMessage(a));
  }
}

function findingProperty(f: ReportFinding): string {
  const where = f.site ? ` at ${f.site.file}:${f.site.line}` : '';
  return `${f.quarantined === true ? 'quarantined ' : ''}${f.severity} ${f.kind}${where}: ${f.message}`;
}

function addTestCase(suite: XMLBuilder, test: TestSummary, attempts: readonly Attempt[], findings: readonly Finding[]): void {
  const { classname, name } = splitTestId(test.id);
  const tc = suite.ele('testcase', { classname, name, time: (test.meanDuration ?? 0).toFixed(3) });
  const props = tc.ele('properties');
  // The exact id and counts, so `flakescope import junit` reads back what the classname/name split loses.
  props.ele('property', { name: 'flakescope.id', value: test.id });
  props.ele('property', { name: 'flakescope.outcomes', value: JSON.stringify(test.outcomes) });
  props.ele('property', { name: 'flakescope.verdict', value: test.verdict });
  if (test.quarantined === true) props.ele('property', { name: 'flakescope.quarantined', value: 'true' });
  const r = test.failureRate;
  props.ele('property', { name: 'flakescope.failureRate', value: `${r.estimate.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}]` });
  for (const f of findings) props.ele('property', { name: `flakescope.finding.${f.kind}`, value: findingProperty(f) });

  const failing = attempts.filter((a) => FAILING.has(a.outcome));
  const passed = attempts.some((a) => a.outcome === 'passed');
  if (failing.length > 0 && passed) {
    for (const a of failing) addAttempt(tc, isFailure(a) ? 'flakyFailure' : 'flakyError', a);
  } else if (failing.length > 0) {
    const [first, ...rest] = failing as [Attempt, ...Attempt[]];
    addAttempt(tc, isFailure(first) ? 'failure' : 'error', first);
    for (const a of rest) addAttempt(tc, isFailure(a) ? 'rerunFailure' : 'rerunError', a);
  } else if (!passed && attempts.some((a) => a.outcome === 'skipped')) {
    const skip = attempts.find((a) => a.outcome === 'skipped');
    tc.ele('skipped', skip?.message !== undefined ? { message: showControlChars(skip.message) } : {});
  }
}

type Status = 'failure' | 'error' | 'skipped' | 'pass';
function status(attempts: readonly Attempt[]): Status {
  if (attempts.some((a) => a.outcome === 'passed')) return 'pass';
  const first = attempts.find((a) => FAILING.has(a.outcome));
  if (first) return isFailure(first) ? 'failure' : 'error';
  return attempts.length > 0 ? 'skipped' : 'pass';
}

export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const attemptsOf = options.attempts ?? attemptsFromCounts(report);
  const findingsByTest = new Map<string | null, Finding[]>();
  for (const f of report.findings) findingsByTest.set(f.test, [...(findingsByTest.get(f.test) ?? []), f]);

  const groups = new Map<string, TestSummary[]>();
  for (const t of report.tests) {
    const cls = splitTestId(t.id).classname;
    groups.set(cls, [...(groups.get(cls) ?? []), t]);
  }

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: replaceInvalidXmlChar });
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const root = doc.ele('testsuites', { name: 'flakescope' });
  const rootProps = root.ele('properties');
  rootProps.ele('property', { name: 'flakescope.command', value: JSON.stringify(report.command) });
  rootProps.ele('property', { name: 'flakescope.runs', value: String(report.runs.length) });
  for (const f of findingsByTest.get(null) ?? []) rootProps.ele('property', { name: `flakescope.finding.${f.kind}`, value: findingProperty(f) });

  for (const [cls, tests] of groups) {
    const c = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
    const suite = root.ele('testsuite', { name: cls || 'flakescope' });
    for (const t of tests) {
      const attempts = attemptsOf.get(t.id) ?? [];
      addTestCase(suite, t, attempts, findingsByTest.get(t.id) ?? []);
      const s = status(attempts);
      c.tests++;
      c.time += t.meanDuration ?? 0;
      if (s === 'failure') c.failures++;
      else if (s === 'error') c.errors++;
      else if (s === 'skipped') c.skipped++;
    }
    suite.att({ tests: String(c.tests), failures: String(c.failures), errors: String(c.errors), skipped: String(c.skipped), time: c.time.toFixed(3) });
    for (const k of ['tests', 'failures', 'errors', 'skipped', 'time'] as const) counts[k] += c[k];
  }
  root.att({ tests: String(counts.tests), failures: String(counts.failures), errors: String(counts.errors), skipped: String(counts.skipped), time: counts.time.toFixed(3) });
  return doc.end({ prettyPrint: true }) + '\n';
}
