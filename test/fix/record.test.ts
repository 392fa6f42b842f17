// fixes.json read back and shown: the record attached to its finding, and the diff with its
// verification line in the HTML, markdown and SARIF reports (SARIF as a schema-valid fixes[]).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { fixOf, verificationLine, type FixRecord } from '../../src/fix/record.js';
import { attachFixes, loadFixes, patchFileName, saveFixes } from '../../src/fix/store.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { HOSTILE, sampleReport } from '../fixtures/report/sample-report.js';

const PATCH = `diff --git a/pkg/mod.py b/pkg/mod.py\n--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -42 +42,2 @@\n         p.start()\n+        self.addCleanup(p.stop)  # ${HOSTILE.replace(/\n/g, ' ')}\n`;

const verified: FixRecord = {
  finding: 'f1', kind: 'leaked-patch', status: 'verified', reason: 'self.addCleanup(p.stop) after the patcher starts', patch: PATCH, files: ['pkg/mod.py'],
  edits: [{ file: 'pkg/mod.py', startLine: 43, startColumn: 1, endLine: 43, endColumn: 1, text: '        self.addCleanup(p.stop)\n' }],
  verification: { command: 'cd /w && env python3 -m unittest t', runs: 20, replayed: 20, gone: 20, findingGone: true, otherOutcomesChanged: false, changed: [] },
};
const failed: FixRecord = {
  ...verified, finding: 'f2', kind: 'flaky', status: 'failed', reason: 'the fix broke a test',
  verification: { ...verified.verification!, otherOutcomesChanged: true, changed: [{ test: 'pkg.T.test_b', before: 'passed', after: 'failed' }] },
};

t.test('verification lines say what was run and what happened', async (t) => {
  t.equal(verificationLine(verified), 'verified: finding gone in 20 of 20 replay(s); no test that passed failed in the whole command');
  t.equal(verificationLine(failed), 'failed: finding gone in 20 of 20 replay(s); in the whole command pkg.T.test_b failed');
  t.equal(verificationLine({ ...verified, status: 'no-fix', reason: 'why not', verification: null, patch: null }), 'no-fix: why not');
  t.equal(verificationLine({ ...verified, status: 'failed', verification: { ...verified.verification!, replayed: 3, gone: 2, findingGone: false, otherOutcomesChanged: null } }),
    'failed: finding gone in 2 of 3 replay(s) (of 20 asked); whole command not run');
});

t.test('fixes.json and the patches round-trip; malformed entries are dropped; records attach to their findings', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flakescope-fixes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await saveFixes(dir, [verified, failed]);
  t.equal(readFileSync(join(dir, 'fixes', patchFileName('f1')), 'utf8'), PATCH);
  const loaded = await loadFixes(dir);
  t.same([...loaded.keys()], ['f1', 'f2']);
  const file = JSON.parse(readFileSync(join(dir, 'fixes.json'), 'utf8'));
  file.fixes.push({ finding: 'f9', status: 'maybe' });
  writeFileSync(join(dir, 'fixes.json'), JSON.stringify(file));
  t.equal((await loadFixes(dir)).size, 2);
  t.same(await loadFixes(join(dir, 'missing')), new Map());
  const findings = attachFixes(sampleReport().findings, loaded);
  t.same(fixOf(findings[0]!), verified);
  t.equal(fixOf(findings[2]!), null);
  t.equal(patchFileName('leaked-patch:0123abcd/..'), 'leaked-patch:0123abcd_...patch', 'never a path separator');
});

const withFixes = () => {
  const report = sampleReport();
  report.findings = attachFixes(report.findings, new Map([['f1', verified], ['f2', failed]]));
  return report;
};

t.test('html and markdown show the diff under the verification line, escaped', async (t) => {
  const html = renderHtml(withFixes());
  t.match(html, 'Fix: verified: finding gone in 20 of 20 replay(s)');
  t.match(html, '+        self.addCleanup(p.stop)');
  t.notMatch(html, '<script>alert(1)', 'the patch text is escaped');
  const md = renderMarkdown(withFixes());
  t.match(md, '### Fixes');
  t.match(md, /```diff\ndiff --git a\/pkg\/mod.py/);
  t.match(md, 'in the whole command pkg\\.T\\.test\\_b failed', 'the verification line, escaped for markdown');
});

t.test('sarif: a verified fix is a fixes[] entry with its replacement; a failed one is not; the log stays schema-valid', async (t) => {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const ajv = new AjvModule.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormatsModule.default(ajv);
  const validate = ajv.compile(schema);
  const log = JSON.parse(renderSarif(withFixes()));
  t.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
  const [leak, flaky] = log.runs[0].results;
  t.same(leak.fixes[0].artifactChanges, [{
    artifactLocation: { uri: 'pkg/mod.py', uriBaseId: '%SRCROOT%' },
    replacements: [{ deletedRegion: { startLine: 43, startColumn: 1, endLine: 43, endColumn: 1 }, insertedContent: { text: '        self.addCleanup(p.stop)\n' } }],
  }]);
  t.match(leak.fixes[0].description.text, 'verified: finding gone in 20 of 20');
  t.equal(flaky.fixes, undefined);
});
