// Reads JUnit XML into per-test outcomes. Dialects:
//   - plain JUnit: one <testcase> per test, with <failure>, <error> or <skipped> (or nothing: passed);
//   - Maven Surefire reruns: <flakyFailure>/<flakyError> (failed, then passed on a rerun) and
//     <failure> + <rerunFailure>/<rerunError> (failed on every attempt);
//   - pytest-rerunfailures: the same <testcase> repeated, once per attempt; an attempt that was rerun
//     failed (reruns follow failures only), though recent versions leave it without a <failure>;
//   - flakescope's own junit.xml: the Surefire elements plus flakescope.id and flakescope.outcomes
//     properties, read back exactly.
import { XMLParser } from 'fast-xml-parser';
import { firstLine, rerunsOf } from './record.js';
import type { TestOutcome } from './model.js';

export type JunitDialect = 'flakescope' | 'pytest' | 'junit';

export interface ParsedJunit {
  dialect: JunitDialect;
  /** The earliest testsuite timestamp (ms), when the file has one. */
  timestamp: number | null;
  tests: TestOutcome[];
}

/** Elements that may repeat, so they always parse as arrays. */
const ARRAY_TAGS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped', 'flakyFailure', 'flakyError', 'rerunFailure', 'rerunError', 'properties', 'property']);

type El = Record<string, unknown>;

/** An element with only text (or none) parses as a string: made an element with that text. */
const list = (x: unknown): El[] => (Array.isArray(x) ? x.map((e) => (typeof e === 'object' && e !== null ? (e as El) : { '#text': String(e) })) : []);
const attr = (el: El, name: string): string | undefined => (typeof el[name] === 'string' ? (el[name] as string) : undefined);
const elementMessage = (el: El): string | null => firstLine(attr(el, 'message')) ?? firstLine(attr(el, '#text'));

interface Case {
  suite: El;
  el: El;
}

function collectCases(node: El, out: Case[], suites: El[]): void {
  for (const suite of list(node.testsuite)) {
    suites.push(suite);
    for (const el of list(suite.testcase)) out.push({ suite, el });
    collectCases(suite, out, suites);
  }
  for (const nested of list(node.testsuites)) collectCases(nested, out, suites);
}

function properties(el: El): Map<string, string> {
  const props = new Map<string, string>();
  for (const block of list(el.properties)) for (const p of list(block.property)) {
    const name = attr(p, 'name');
    if (name !== undefined) props.set(name, attr(p, 'value') ?? '');
  }
  return props;
}

/** Which file a pytest classname ("tests.unit.test_x.TestA") came from: the longest dotted prefix that is a .py file. */
export type FileExists = (relativePath: string) => boolean;

function pytestId(classname: string, name: string, file: string | undefined, exists: FileExists): string | null {
  const parts = classname.split('.');
  for (let k = parts.length; k >= 1; k--) {
    const candidate = `${parts.slice(0, k).join('/')}.py`;
    if ((file !== undefined && file === candidate) || exists(candidate)) return [candidate, ...parts.slice(k), name].join('::');
  }
  return null;
}

interface Tally {
  test: string;
  attempts: Array<{ outcome: 'passed' | 'failed' | 'skipped'; seconds: number; message: string | null }>;
  /** Exact counts from flakescope's own junit.xml. */
  exact?: TestOutcome;
}

/** Attempts of one <testcase>, in order: reruns that failed, then the final result. */
function attemptsOf(el: El, seconds: number): Tally['attempts'] {
  const failedAttempt = (e: El) => ({ outcome: 'failed' as const, seconds: Number(attr(e, 'time') ?? seconds) || 0, message: elementMessage(e) });
  const flaky = [...list(el.flakyFailure), ...list(el.flakyError)];
  const final = [...list(el.failure), ...list(el.error)];
  const reruns = [...list(el.rerunFailure), ...list(el.rerunError)];
  if (final.length > 0) return [...final.slice(0, 1), ...reruns].map(failedAttempt);
  if (list(el.skipped).length > 0 && flaky.length === 0) return [{ outcome: 'skipped', seconds, message: null }];
  return [...flaky.map(failedAttempt), { outcome: 'passed', seconds, message: null }];
}

function exactOutcome(test: string, props: Map<string, string>, attempts: Tally['attempts']): TestOutcome | undefined {
  const raw = props.get('flakescope.outcomes');
  if (raw === undefined) return undefined;
  try {
    const c = JSON.parse(raw) as Record<string, number>;
    const failed = (c.failed ?? 0) + (c.error ?? 0) + (c.hang ?? 0) + (c.crashed ?? 0);
    const fail = attempts.find((a) => a.outcome === 'failed');
    // flakescope writes each test's mean duration as its time.
    const mean = attempts[attempts.length - 1]?.seconds ?? 0;
    return {
      test, passed: c.passed ?? 0, failed, skipped: c.skipped ?? 0, seconds: mean * (failed + (c.passed ?? 0)), failedSeconds: mean * failed,
      reruns: rerunsOf(failed, failed + (c.passed ?? 0)), message: fail?.message ?? null,
    };
  } catch {
    return undefined;
  }
}

function outcomeOfTally(t: Tally): TestOutcome {
  if (t.exact) return t.exact;
  const o: TestOutcome = { test: t.test, passed: 0, failed: 0, skipped: 0, seconds: 0, failedSeconds: 0, reruns: 0, message: null };
  for (const a of t.attempts) {
    o.seconds += a.seconds;
    if (a.outcome === 'failed') {
      o.failed++;
      o.failedSeconds += a.seconds;
      o.message = a.message ?? o.message;
    } else if (a.outcome === 'passed') o.passed++;
    else o.skipped++;
  }
  o.reruns = rerunsOf(o.failed, o.failed + o.passed);
  return o;
}

export function parseJunit(xml: string, exists: FileExists = () => false): ParsedJunit {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => ARRAY_TAGS.has(name) });
  let doc: El;
  try {
    doc = parser.parse(xml, true) as El;
  } catch (err) {
    throw new Error(`not well-formed XML (${(err as Error).message.split('\n')[0]})`);
  }
  const cases: Case[] = [];
  const suites: El[] = [];
  collectCases(doc, cases, suites);
  if (suites.length === 0) throw new Error('no <testsuite> element: not a JUnit XML file');
  const roots = list(doc.testsuites);
  const dialect: JunitDialect = roots.some((r) => attr(r, 'name') === 'flakescope') ? 'flakescope' : suites.some((s) => attr(s, 'name') === 'pytest') ? 'pytest' : 'junit';
  const stamps = suites.map((s) => Date.parse(attr(s, 'timestamp') ?? '')).filter((n) => !Number.isNaN(n));

  const byId = new Map<string, Tally>();
  for (const { el } of cases) {
    const classname = attr(el, 'classname') ?? '';
    const name = attr(el, 'name') ?? '';
    const props = properties(el);
    const id = props.get('flakescope.id')
      ?? (dialect === 'pytest' ? pytestId(classname, name, attr(el, 'file'), exists) : null)
      ?? (classname === '' ? name : `${classname}.${name}`);
    const attempts = attemptsOf(el, Number(attr(el, 'time') ?? 0) || 0);
    let tally = byId.get(id);
    if (!tally) byId.set(id, (tally = { test: id, attempts: [] }));
    if (dialect === 'pytest' && tally.attempts.length > 0) {
      // A repeated pytest testcase: the earlier one was rerun, so it failed, whatever it recorded.
      const last = tally.attempts[tally.attempts.length - 1];
      if (last && last.outcome !== 'failed') tally.attempts[tally.attempts.length - 1] = { ...last, outcome: 'failed', message: last.message ?? 'rerun (pytest-rerunfailures)' };
    }
    tally.attempts.push(...attempts);
    const exact = exactOutcome(id, props, attempts);
    if (exact) tally.exact = exact;
  }
  return { dialect, timestamp: stamps.length > 0 ? Math.min(...stamps) : null, tests: [...byId.values()].map(outcomeOfTally) };
}
