// Loads the HTML report in real headless chromium: no console errors, no network requests, test
// names visible, hostile markup shown as text. Skips without chromium locally, fails on CI.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, missingChromium, recordedPage } from '../fixtures/chromium.js';
import { sampleHtml } from '../fixtures/report/sample-html.js';
import { HOSTILE } from '../fixtures/report/sample-report.js';

const ROOT = new URL('../../', import.meta.url);

const missing = missingChromium();
if (missing !== null) {
  if (process.env.CI) t.fail(missing);
  else t.plan(0, missing);
} else {
  t.test('html report in headless chromium', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'flakescope-html-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'report.html');
    writeFileSync(file, sampleHtml(), { mode: 0o600 });
    // A fresh profile so nothing from another run leaks in.
    const context = await launchChromium(dir);
    t.teardown(() => context.close());
    const { page, problems, requests, dialogs } = await recordedPage(context);

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    t.same(problems, [], 'no console errors or CSP violations');
    t.same(requests, [], 'no network requests');
    t.equal(dialogs(), 0, 'no script from the messages ran');
    t.equal(await page.locator('img').count(), 0, 'no element injected from the messages');

    const text = await page.locator('body').innerText();
    for (const id of ['pkg.mod.TestA.test_leak', 'tests/test_x.py::TestB::test_flaky[a::b]', 'pkg.mod.TestA.test_always'])
      t.match(text, id, `test name visible: ${id}`);
    t.match(text, '<script>alert(1)</script>', 'hostile markup shown as text');
    t.ok(HOSTILE.length > 0);

    await page.locator('details[data-test="pkg.mod.TestA.test_leak"] summary').click();
    t.ok(await page.locator('svg.timeline g.patch.leaked').first().isVisible(), 'leaked patch drawn');

    await page.fill('#filter', 'test_always');
    t.equal(await page.locator('tr[data-test="pkg.mod.TestA.test_leak"]').isVisible(), false, 'filter hides other tests');
    await page.fill('#filter', '');

    mkdirSync(new URL('test-artifacts/', ROOT), { recursive: true });
    await page.screenshot({ path: new URL('test-artifacts/report.png', ROOT).pathname, fullPage: true });
  });
}
