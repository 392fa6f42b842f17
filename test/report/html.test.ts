import t from 'tap';
import { renderHtml } from '../../src/report/html.js';
import { sampleHtml } from '../fixtures/report/sample-html.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

t.test('no raw markup from user text, no external resources', async (t) => {
  const html = sampleHtml();
  t.notMatch(html, /<script>alert|<img src=x|<b>bold/i, 'hostile markup is escaped');
  t.notMatch(html, /\b(src|href)=["']?(https?:|\/\/|file:|data:text\/html)/i, 'nothing fetched');
  t.notMatch(html, /<link\b|@import|url\(/i);
  t.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;/);
  t.notMatch(html, /tok-very-secret/, 'source excerpt redacted');
  t.equal((html.match(/<script/g) ?? []).length, 2, 'only the data block and our script');
});

t.test('embedded data round-trips', async (t) => {
  const html = sampleHtml();
  const m = /<script type="application\/json" id="flakescope-report">([^<]*)<\/script>/.exec(html);
  t.ok(m, 'data block present and free of <');
  t.same(JSON.parse(m![1]!), JSON.parse(JSON.stringify(sampleReport())));
});

t.test('content', async (t) => {
  const html = sampleHtml();
  t.match(html, 'pkg.mod.TestA.test_always');
  t.match(html, /href="#src-0"/, 'finding links to its source excerpt');
  t.match(html, /<span class="hit">.*patch\(&#39;pkg\.mod\.thing&#39;\)/, 'the finding line is marked');
  t.match(html, /class="item patch leaked"/, 'leaked patch drawn as leaked');
  t.match(html, /class="item fixture"/);
  t.match(html, /class="item sleep"/);
  t.match(html, /thread 2/, 'a lane per thread');
  t.match(html, /class="chart"/);
});

t.test('renders without extras', async (t) => {
  const html = renderHtml(sampleReport());
  t.match(html, /No timelines/);
  t.match(html, /source of pkg\/mod\.py:42 not available/);
});

t.test('control characters are shown, not passed through', async (t) => {
  t.notMatch(sampleHtml(), /[\u0001\u001b]/);
});
