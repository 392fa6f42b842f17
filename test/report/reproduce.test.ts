// The reproducer in every format: terminal (one paste-able line), markdown (code block), HTML (escaped,
// inside the finding), SARIF (result.properties.reproduce); and attaching stored reproducers.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reproduce } from '../../src/check/reproduce.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Report } from '../../src/report/model.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { attachReproducers } from '../../src/repro/attach.js';
import { loadReproducers, REPRODUCERS_FILE, saveReproducers } from '../../src/repro/store.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

const repro: Reproduce = {
  argv: ['python3', '-m', 'unittest', 't.T.test_<b>'],
  env: { PYTHONPATH: '/opt/shim', FLAKESCOPE_SLEEP_SITES: '{"t.py:3":0}' },
  cwd: '/w',
  reliability: { failed: 9, runs: 10 },
};
const LINE = `cd /w && env PYTHONPATH=/opt/shim FLAKESCOPE_SLEEP_SITES='{"t.py:3":0}' python3 -m unittest 't.T.test_<b>'`;

function withReproducer(): Report {
  const report = sampleReport();
  const [first, ...rest] = report.findings;
  return { ...report, findings: [{ ...first!, evidence: { ...first!.evidence, reproduce: repro } }, ...rest] };
}

t.test('terminal: one paste-able line after the finding', async (t) => {
  const out = renderTerminal(withReproducer(), { color: false });
  t.match(out, `  reproduce (failed 9 of 10 replays): ${LINE}\n`);
  t.notMatch(renderTerminal(sampleReport(), { color: false }), 'reproduce (');
});

t.test('markdown: a shell code block', async (t) => {
  t.match(renderMarkdown(withReproducer()), `### Reproducers`);
  t.match(renderMarkdown(withReproducer()), `\`\`\`sh\n${LINE}\n\`\`\``);
});

t.test('HTML: the line escaped inside the finding', async (t) => {
  const html = renderHtml(withReproducer(), {});
  t.match(html, 'Reproducer (failed 9 of 10 replays)');
  t.match(html, `&#39;t.T.test_&lt;b&gt;&#39;`);
  t.notMatch(html, 'test_<b>');
});

t.test('SARIF: result.properties.reproduce with the command line', async (t) => {
  const log = JSON.parse(renderSarif(withReproducer()));
  t.same(log.runs[0].results[0].properties.reproduce, { ...repro, commandLine: LINE });
  t.notOk(log.runs[0].results[1]?.properties.reproduce);
});

t.test('stored reproducers are attached by finding id; a weak one is said to be weak', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-repro-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.same(await loadReproducers(dir), {}, 'no file, no reproducers');
  const findings = sampleReport().findings;
  const id = findings[0]!.id;
  await saveReproducers(dir, { [id]: { ...repro, reliability: { failed: 4, runs: 10 } } });
  const attached = attachReproducers(findings, await loadReproducers(dir));
  t.same(attached[0]?.evidence.reproduce, { ...repro, reliability: { failed: 4, runs: 10 } });
  t.match(attached[0]?.message, /its reproducer failed only 4 of 10 replays \(below 90%\)$/);
  t.same(attached.slice(1), findings.slice(1), 'the others are untouched');
  writeFileSync(join(dir, REPRODUCERS_FILE), JSON.stringify({ [id]: { argv: 'python3' } }));
  t.same(await loadReproducers(dir), {}, 'a malformed entry is dropped');
});
