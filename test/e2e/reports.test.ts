// Acceptance for issue 6: scenarios/report-hostile through the built CLI with every file format.
// Its failure messages hold hostile markup, control characters and secrets (one set in os.environ at
// import, one inherited from this process): every file is written and valid, nothing renders as markup,
// the secrets reach no file, and everything under the output folder is owner-only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { cliPath, commandFor, loadScenarios } from '../helpers/scenarios.mjs';
import { launchChromium, missingChromium, recordedPage } from '../fixtures/chromium.js';

const scenario = loadScenarios().find((s) => s.name === 'report-hostile');
if (!scenario) throw new Error('scenarios/report-hostile is missing');

/** Set by the suite itself at import (test_hostile.py): only the shim ever sees it. */
const IMPORT_SECRET = 'svc-import-7f3a9c2e51d8';
/** Set here, in flakescope's own environment, and inherited by the test process. */
const PARENT_SECRET = 'parent-pw-93b1c7e2d4';
const FILES = ['report.json', 'junit.xml', 'report.sarif', 'report.html', 'report.md'];
// A scenario run takes about a second; bounded so a hang fails instead of stalling the suite.
const RUN_TIMEOUT_MS = 120_000;

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}

function flakescope(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: scenario!.dir,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', NO_COLOR: '1', ...env },
    timeout: RUN_TIMEOUT_MS,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'flakescope-reports-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const out = join(work, 'out');
const stepSummary = join(work, 'step-summary.md');
const run = flakescope(
  ['run', '--out', out, '--format', 'json,junit,sarif,html,md,terminal', '--', ...commandFor(scenario.expect)],
  { DEPLOY_PASSWORD: PARENT_SECRET, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
);
const testIds = Object.keys(scenario.expect.tests).sort();
const read = (name: string): string => readFileSync(join(out, name), 'utf8');

t.test('run exits 1 and writes all five files', async (t) => {
  t.equal(run.status, 1, 'exit code', { stderr: run.stderr });
  for (const f of FILES) t.ok(existsSync(join(out, f)), `${f} written`);
});

t.test('JUnit parses and holds every test case', async (t) => {
  const xml = read('junit.xml');
  t.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(xml);
  const cases = (doc.testsuites.testsuite as Array<{ testcase: Array<Record<string, unknown>> }>)
    .flatMap((s) => s.testcase.map((c) => `${String(c['@classname'])}.${String(c['@name'])}`)).sort();
  t.same(cases, testIds);
  const markup = (doc.testsuites.testsuite[0].testcase as Array<{ failure?: { '#text'?: string } }>)
    .map((c) => c.failure?.['#text'] ?? '').join('\n');
  t.match(markup, '<script>alert("x")</script>', 'hostile markup kept as text, not as elements');
  t.match(markup, ']]>', ']]> survives as text');
});

t.test('SARIF 2.1.0 with located results', async (t) => {
  const log = JSON.parse(read('report.sarif'));
  t.equal(validateSarif(log), true, 'schema-valid', { errors: validateSarif.errors });
  t.equal(log.version, '2.1.0');
  const results = log.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  t.same(results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation?.artifactLocation.uri, r.locations[0]?.physicalLocation?.region.startLine]),
    scenario.expect.findings.map((f) => [f.kind, f.site.file, f.site.line]));
});

t.test('HTML: no raw markup from the messages, no external resources', async (t) => {
  const html = read('report.html');
  for (const raw of ['<script>alert', '<img', '<![CDATA[', '\u001b', '\u0007']) t.notOk(html.includes(raw), `no raw ${JSON.stringify(raw)}`);
  t.notMatch(html, /\b(?:src|href|action)\s*=\s*["']?(?:https?:)?\/\//i, 'no attribute loads from the network');
  t.ok(html.includes('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;'), 'a CSP forbids every fetch');
});

t.test('markdown and GitHub output escape the messages', async (t) => {
  const md = read('report.md');
  t.notOk(md.includes('<script'), 'no raw <script> in markdown');
  t.match(readFileSync(stepSummary, 'utf8'), md.split('\n')[0] ?? '', 'markdown appended to $GITHUB_STEP_SUMMARY');
  t.match(run.stdout, /^::warning file=test_hostile\.py,line=36,title=/m, 'annotation for the leaked patch');
  t.notOk(/[\u0000-\u0008\u000b-\u001f\u007f]/.test(run.stdout), 'no control characters (ANSI) reach the terminal');
});

t.test('the secrets reach no file, and every file is owner-only', async (t) => {
  const entries = walk(out);
  t.ok(entries.some((p) => p.endsWith('.jsonl')), 'traces are included');
  for (const p of entries) {
    const rel = relative(out, p);
    const st = statSync(p);
    t.equal(st.mode & 0o077, 0, `${rel} is not readable by group or others (${(st.mode & 0o777).toString(8)})`);
    if (st.isDirectory()) continue;
    const text = readFileSync(p, 'utf8');
    t.notOk(text.includes(IMPORT_SECRET), `${rel} does not hold the secret set at import`);
    t.notOk(text.includes(PARENT_SECRET), `${rel} does not hold the parent's secret`);
  }
  for (const [where, text] of [['stdout', run.stdout], ['step summary', readFileSync(stepSummary, 'utf8')]] as const) {
    t.notOk(text.includes(IMPORT_SECRET) || text.includes(PARENT_SECRET), `no secret in ${where}`);
  }
  // The secrets did reach the suite: the shim saw them and redacted them (not merely absent).
  const traces = entries.filter((p) => p.endsWith('.jsonl')).map((p) => readFileSync(p, 'utf8')).join('');
  t.ok(traces.includes('parent secret [REDACTED]'), 'the inherited secret was redacted by the shim');
  t.ok(traces.includes('request with Authorization: [REDACTED]'), 'the secret set at import was redacted by the shim');
});

t.test('flakescope report DIR regenerates a format from the saved traces', async (t) => {
  unlinkSync(join(out, 'report.html'));
  const r = flakescope(['report', out, '--format', 'html'], { DEPLOY_PASSWORD: PARENT_SECRET });
  t.equal(r.status, 0, 'exit 0', { stderr: r.stderr });
  t.ok(existsSync(join(out, 'report.html')), 'report.html written again');
  t.equal(statSync(join(out, 'report.html')).mode & 0o077, 0, 'owner-only');
  const bad = flakescope(['report', out, '--format', 'html,pdf'], {});
  t.equal(bad.status, 2, 'unknown format: usage error');
  t.equal(bad.stderr.trim().split('\n').length, 1, 'one line', { stderr: bad.stderr });
});

const missing = missingChromium();
t.test('HTML shows every test name in headless chromium, loading nothing', { skip: missing !== null && !process.env.CI ? missing : false }, async (t) => {
  if (missing !== null) return t.fail(missing);
  const context = await launchChromium(join(work, 'browser'));
  t.teardown(() => context.close());
  const { page, problems, requests, dialogs } = await recordedPage(context);
  await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  t.same(problems, [], 'no console errors or CSP violations');
  t.same(requests, [], 'no network requests');
  t.equal(dialogs(), 0, 'no script from the messages ran');
  const text = await page.locator('body').innerText();
  for (const id of testIds) t.match(text, id, `shows ${id}`);
  await page.locator('details[data-test="test_hostile.HostileMessageTests.test_a_markup"] summary').click();
  t.match(await page.locator('body').innerText(), '<script>alert("x")</script>', 'hostile markup shown as text');
});
