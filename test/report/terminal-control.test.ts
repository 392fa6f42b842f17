// User text printed to the terminal (test ids, finding messages and files, warnings) cannot carry
// escape sequences: a test id like "\x1b]0;owned\x07" must not retitle or recolour the terminal.
import t from 'tap';
import { renderTerminal } from '../../src/report/terminal.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

const ESC = '\u001b[2J\u001b]0;owned\u0007';

t.test('no control character from user text reaches the terminal', async (t) => {
  const report = sampleReport();
  const test = report.tests[0];
  const finding = report.findings[0];
  if (!test || !finding) throw new Error('sample report needs a test and a finding');
  report.tests = [{ ...test, id: `t${ESC}`, verdict: 'fail' }];
  report.findings = [{ ...finding, message: `m${ESC}`, site: { file: `f${ESC}.py`, line: 3 } }];
  report.warnings = [{ where: `w${ESC}`, message: `x${ESC}` }];
  const plain = renderTerminal(report, { color: false });
  t.notMatch(plain, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'only newlines and tabs in uncoloured output');
  t.match(plain, /t\\x1b\[2J\\x1b\]0;owned\\x07/, 'the id is shown with visible escapes');
  const coloured = renderTerminal(report, { color: true });
  t.notMatch(coloured.replace(/\u001b\[[0-9;]*m/g, ''), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'only our own SGR colour codes when coloured');
});
