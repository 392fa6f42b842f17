import t from 'tap';
import { escapeHtml, jsonForScript, escapeMarkdownCell, showControlChars } from '../../src/report/escape.js';

t.test('html', async (t) => {
  t.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

t.test('json in a script block round-trips and cannot close it', async (t) => {
  const value = { s: '</script><!-- \u2028 & <b>', n: [1, null] };
  const out = jsonForScript(value);
  t.notMatch(out, /[<>&\u2028]/);
  t.same(JSON.parse(out), value);
});

t.test('control characters become visible', async (t) => {
  t.equal(showControlChars('a\u001b[31mb\tc\n'), 'a\\x1b[31mb\tc\\x0a');
  t.equal(showControlChars('x\ny', true), 'x\ny');
});

t.test('markdown cells', async (t) => {
  t.equal(escapeMarkdownCell('a|b\n`c` <i>'), 'a\\|b<br>\\`c\\` &lt;i&gt;');
  t.equal(escapeMarkdownCell('[x](http://e)'), '\\[x\\]\\(http://e\\)');
});
