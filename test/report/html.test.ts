import t from 'tap';
import { renderHtml } from '../../src/report/html.js';
import { sampleHtml } from '../fixtures/report/sample-html.js';
import { HOSTILE, sampleReport } from '../fixtures/report/sample-report.js';

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

t.test('sleeps: per site the answer and why, and per condition scale, runs and failures; rates per condition', async (t) => {
  const report = sampleReport();
  report.sleeps = [{
    site: { file: 'tests/t.py', line: 15 }, api: 'time.sleep', calls: 30, totalMs: 900, outcomeDependsOnIt: true, role: 'synchronisation',
    reason: 'scaled alone to 0x, 10 of 10 failed (plain: 0 of 5 failed)',
    judgements: [{
      test: 'tests.T.test_race', outcomeDependsOnIt: true, role: 'synchronisation', reason: 'scaled alone to 0x, 10 of 10 failed (plain: 0 of 5 failed)',
      conditions: [
        { scales: { 'tests/t.py:15': 0 }, runs: 10, failed: 10, flipped: 10, flipRate: { estimate: 1, low: 0.72, high: 1 }, decides: true },
        { scales: { 'tests/t.py:15': 3 }, runs: 10, failed: 0, flipped: 0, flipRate: { estimate: 0, low: 0, high: 0.28 }, decides: false },
      ],
      interleaving: [{ scales: { 'tests/t.py:15': 3 }, kind: 'order', message: `at 3x, the order changed ${HOSTILE}` }],
    }],
  }];
  report.tests[1] = { ...(report.tests[1] as (typeof report.tests)[number]), failureRates: [
    { condition: 'plain', failed: 0, runs: 5, estimate: 0, low: 0, high: 0.43 },
    { condition: 'tests/t.py:15 at 0x', failed: 10, runs: 10, estimate: 1, low: 0.72, high: 1 },
  ] };
  const html = renderHtml(report);
  t.match(html, /tests\/t\.py:15<\/span> <span class="sev-error">decides the outcome<\/span> \(synchronisation\)/);
  t.match(html, /<td class="mono">tests\/t\.py:15 at 0x<\/td><td>10<\/td><td>10<\/td><td class="sev-error">10 \(72%–100%\): more than plain runs<\/td>/);
  t.match(html, /<span class="mono">plain<\/span>: 0 of 5, 0\.0% \(0\.0% – 43\.0%\)/);
  t.match(html, /<span class="mono">tests\/t\.py:15 at 0x<\/span>: 10 of 10/);
  t.notMatch(html, /<script>alert/, 'interleaving text escaped');
});

t.test('one run: no failure-rate chart (every interval would be nearly 0-80%)', async (t) => {
  const one = { ...sampleReport(), runs: sampleReport().runs.slice(0, 1) };
  t.notMatch(renderHtml(one), /class="chart"/);
  t.notMatch(renderHtml(one), /<h2>Failure rates<\/h2>/);
  t.match(renderHtml(sampleReport()), /<h2>Failure rates<\/h2>/, 'shown for several runs');
});

t.test('findings: errors first; identical findings of several tests collapsed into one', async (t) => {
  const base = sampleReport();
  const info = { id: 'i1', kind: 'costly-sleep' as const, severity: 'info' as const, test: 'a.T.test_1', site: { file: 'a.py', line: 3 }, message: 'sleep costs a.T.test_1 its time', evidence: {} };
  const leak = (test: string, id: string) => ({ id, kind: 'leaked-thread' as const, severity: 'error' as const, test, site: { file: 'a.py', line: 9 }, target: 'Thread-N (w)', message: `thread started in ${test} outlived it`, evidence: {} });
  const report = { ...base, findings: [info, leak('a.T.test_2', 'e1'), leak('a.T.test_3', 'e2')] };
  const html = renderHtml(report);
  t.ok(html.indexOf('class="sev-error"') < html.indexOf('class="sev-info"'), 'the error comes before the info finding');
  t.ok(html.includes('class="sev-info"'), 'the info finding is shown');
  t.equal((html.match(/class="finding"/g) ?? []).length, 2, 'two leaks alike are one entry');
  t.match(html, /and 1 more test\(s\) alike/);
  t.match(html, /The same finding in: <span class="mono">a\.T\.test_3<\/span>/);
  t.match(html, /href="#src-0"[^>]*>a\.py:9</, 'the collapsed entry links to its source excerpt');
});
