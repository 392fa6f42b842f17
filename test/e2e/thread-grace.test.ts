// The thread grace period, decided after the fact (shim snapshot.py + trace/resources.ts): a thread
// that ends 100 ms after its test (past the shim's settle window, inside the 300 ms grace) while later
// tests run is no leak; one that stays 1.5 s is, blamed on its test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runFlakescope } from '../../scripts/lib/scenarios.mjs';

const SUITE = `import threading, time, unittest

class T(unittest.TestCase):
    def test_a_ends_soon_after(self):
        threading.Thread(target=time.sleep, args=(0.1,), name="short-lived").start()

    def test_b_stays(self):
        threading.Thread(target=time.sleep, args=(1.5,), name="stayer", daemon=True).start()

    def test_c_busy(self):
        time.sleep(0.5)

    def test_d_busy(self):
        time.sleep(0.5)

if __name__ == "__main__":
    unittest.main()
`;

t.test('short-lived thread: no finding; a thread alive past the grace period: leaked-thread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-grace-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'test_grace.py'), SUITE);
  const r = runFlakescope(['python3', '-m', 'unittest', 'test_grace'], { cwd: dir, out: join(dir, 'out'), flags: ['--quiet', '--format', 'json'] });
  const report = r.report as Report | null;
  t.ok(report, r.stderr);
  const threads = (report?.findings ?? []).filter((f) => f.kind === 'leaked-thread');
  t.same(threads.map((f) => [f.target, f.test]), [['stayer', 'test_grace.T.test_b_stays']]);
});
