import t from 'tap';
import { renderMarkdown, renderGithubAnnotations } from '../../src/report/markdown.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

t.test('summary tables and findings with file:line', async (t) => {
  const md = renderMarkdown(sampleReport());
  t.match(md, /\| Verdict \| Tests \|/);
  t.match(md, /\| flaky \| 2 \|/);
  t.match(md, /\| fail \| 1 \|/);
  t.match(md, /pkg\/mod\\\.py:42/, 'file:line of the finding (dot escaped)');
  t.match(md, /40% \(/, 'failure rate with interval');
});

t.test('user text cannot break tables or inject html', async (t) => {
  const md = renderMarkdown(sampleReport());
  t.notMatch(md, /<script>|<img/, 'no raw html from messages');
  t.notMatch(md, /\u0001|\u001b/, 'no control characters');
  const tableRows = md.split('\n').filter((l) => l.startsWith('| '));
  for (const r of tableRows) {
    const cells = r.replace(/\\\|/g, '').split('|').length;
    const header = tableRows.find((h) => h.split('|').length === cells);
    t.ok(header, `row keeps its column count: ${r.slice(0, 60)}`);
  }
  const findingRows = tableRows.filter((r) => r.includes('outlived'));
  t.equal(findingRows.length, 1, 'a multi-line message stays in one row');
  t.match(findingRows[0], /\\`/, 'backticks escaped');
  t.match(findingRows[0], /\\\|/, 'pipes escaped');
});

t.test('github annotations', async (t) => {
  const lines = renderGithubAnnotations(sampleReport()).trimEnd().split('\n');
  t.equal(lines.length, 3, 'one line per finding, newlines in messages escaped');
  t.match(lines[0], /^::warning file=pkg\/mod\.py,line=42,title=Leaked patch%3A pkg\.mod\.TestA\.test_leak::patch of/);
  t.match(lines[0], /%0Aline2/);
  t.match(lines[1], /^::warning title=/, 'no file when there is no site');
  t.match(lines[2], /^::notice file=\/abs\/dir with space\/t\.py,line=7/);
});
