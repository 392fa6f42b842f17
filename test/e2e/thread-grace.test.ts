// The thread grace period (shim snapshot.py + trace/resources.ts): it excuses only a thread that ends
// by itself before the next test starts (one told to stop at the end of its test, not joined); one
// still running when the next test starts is a leak that test ran with, even if it ends soon after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runFlakescope } from '../helpers/scenarios.mjs';

const SUITE = `import threading, time, unittest

class T(unittest.TestCase):
    def test_a_told_to_stop(self):
        stop = threading.Event()
        threading.Thread(target=stop.wait, name="told-to-stop").start()
        stop.set()

    def test_b_ends_during_the_next_test(self):
        threading.Thread(target=time.sleep, args=(0.2,), name="short-lived").start()

    def test_c_busy(self):
        time.sleep(0.4)

    def test_d_stays(self):
        threading.Thread(target=time.sleep, args=(1.5,), name="stayer", daemon=True).start()

    def test_e_busy(self):
        time.sleep(0.1)

if __name__ == "__main__":
    unittest.main()
`;

t.test('told to stop: no finding; alive when the next test starts: leaked-thread, even if it ends soon after', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fs-grace-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'test_grace.py'), SUITE);
  const r = runFlakescope(['python3', '-m', 'unittest', 'test_grace'], { cwd: dir, out: join(dir, 'out'), flags: ['--quiet', '--format', 'json'] });
  const report = r.report as Report | null;
  t.ok(report, r.stderr);
  const threads = (report?.findings ?? []).filter((f) => f.kind === 'leaked-thread');
  t.same(threads.map((f) => [f.target, f.test, f.severity]).sort(), [
    ['short-lived', 'test_grace.T.test_b_ends_during_the_next_test', 'error'],
    ['stayer', 'test_grace.T.test_d_stays', 'error'],
  ]);
  t.same(threads.find((f) => f.target === 'short-lived')?.evidence.laterTests, ['test_grace.T.test_c_busy']);
});
