// Shared by the real-suite checks (test/e2e/real-suites/*.test.ts): a real suite's error findings
// must be exactly the reviewed ones in expected.json, each listed with a one-line reason. An error
// finding not listed fails the check (noise, or a new leak to review); a listed one that is no
// longer found fails too, unless marked optional, so the list stays honest. Every error finding must
// have a site; info and warning findings are not compared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { Finding } from '../../../src/check/finding.js';
import type { Report } from '../../../src/report/model.js';
import { requireOrSkip } from '../../helpers/requirements.mjs';
import { runFlakescope } from '../../helpers/scenarios.mjs';

export interface ExpectedError {
  kind: string;
  /** A suffix of site.file: real suites live at machine-specific paths. */
  file: string;
  line: number;
  target?: string;
  /** Why this finding is right: one line, written after reading the suite's code. */
  reason: string;
  /** May be absent in a run (timing of the suite itself); when present it must match. */
  optional?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const EXPECTED = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as Record<string, ExpectedError[] | string>;

export function expectedErrors(suite: string): ExpectedError[] {
  const entries = EXPECTED[suite];
  if (!Array.isArray(entries)) throw new Error(`expected.json has no list for ${suite}`);
  return entries;
}

const matches = (e: ExpectedError, f: Finding): boolean =>
  f.kind === e.kind && f.site !== null && f.site.file.endsWith(e.file) && f.site.line === e.line && (e.target === undefined || f.target === e.target);

const shown = (f: Finding): string => `${f.kind} ${f.site ? `${f.site.file}:${f.site.line}` : '(no site)'} ${f.target ?? ''}: ${f.summary ?? f.message}`;

/** The error findings of `report` against expected.json's list for `suite`. */
export function checkErrors(t: Test, suite: string, report: Report): void {
  const expected = expectedErrors(suite);
  const errors = report.findings.filter((f) => f.severity === 'error');
  t.same(errors.filter((f) => f.site === null).map(shown), [], 'every error finding has a file:line');
  const unlisted = errors.filter((f) => !expected.some((e) => matches(e, f)));
  t.same(unlisted.map(shown), [], `no error finding beyond the ${expected.length} reviewed in expected.json (${suite})`);
  const gone = expected.filter((e) => e.optional !== true && !errors.some((f) => matches(e, f)));
  t.same(gone.map((e) => `${e.kind} ${e.file}:${e.line}: ${e.reason}`), [], 'every reviewed error finding is still found');
}

export interface SuiteRun {
  /** expected.json key. */
  suite: string;
  python: string;
  /** Modules (and -k patterns) after `python -m unittest`. */
  args: string[];
  /** Fewer tests than this in report.json means the run broke, not that it is clean. */
  atLeast: number;
}

/** Why the suite cannot run here (interpreter or module missing), or null. */
export function missingSuite(s: SuiteRun): string | null {
  const modules = s.args.filter((a) => /^[\w.]+$/.test(a) && a.includes('.'));
  const probe = spawnSync(s.python, ['-c', `import ${modules.map((m) => m.split('.').slice(0, 2).join('.')).join(', ')}`], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? `${s.python} cannot import ${modules.join(' ')}` : null;
}

/** Runs the suite under flakescope (report.json only) and checks its error findings against expected.json. */
export function checkSuite(t: Test, s: SuiteRun): void {
  if (!requireOrSkip(t, missingSuite(s))) return;
  const cwd = mkdtempSync(join(tmpdir(), `flakescope-${s.suite}-`));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
  const run = runFlakescope([s.python, '-m', 'unittest', ...s.args], { cwd, out: join(cwd, 'out'), flags: ['--quiet', '--format', 'json', '--no-repro'] });
  const report = run.report as Report | null;
  if (!report) {
    t.fail('report.json was not written', { stderr: run.stderr.slice(-4000) });
    return;
  }
  t.ok(report.tests.length >= s.atLeast, `${report.tests.length} tests traced (>= ${s.atLeast})`);
  t.same(report.warnings, [], 'no reader warnings or shim internal errors');
  const required = expectedErrors(s.suite).filter((e) => e.optional !== true).length;
  const failed = report.tests.some((x) => x.verdict === 'fail');
  if (!failed) t.equal(run.exitCode, required > 0 ? 1 : 0, 'exit code follows the error findings', { stdout: run.stdout.slice(-4000) });
  checkErrors(t, s.suite, report);
}
