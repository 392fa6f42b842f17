import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publishToGithub } from '../../src/report/github.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

t.test('annotations only in GitHub Actions; summary appended when the file is named', async (t) => {
  const summary = path.join(t.testdir({}), 'summary.md');
  writeFileSync(summary, 'earlier step\n');
  let printed = '';
  const stdout = { write: (s: string) => (printed += s) };
  const done = await publishToGithub(sampleReport(), { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, stdout });
  t.same(done, { annotations: true, summary });
  t.match(printed, /^::warning file=/m);
  const text = readFileSync(summary, 'utf8');
  t.ok(text.startsWith('earlier step\n## flakescope:'), 'appended after what was there');
});

t.test('outside GitHub Actions nothing is printed or written', async (t) => {
  let printed = '';
  const done = await publishToGithub(sampleReport(), { env: {}, stdout: { write: (s: string) => (printed += s) } });
  t.same(done, { annotations: false, summary: null });
  t.equal(printed, '');
});
