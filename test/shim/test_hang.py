"""FLAKESCOPE_TIMEOUT: a hang event with every stack, the test interrupted, the suite going on."""
import signal
import sys
import time
import unittest

from shimrun import DEBIAN_PYTHON, PY, SHIM, has_module, of, run

sys.path.insert(0, SHIM)
from flakescope_shim import hang, perturb  # noqa: E402

UNITTEST = [PY, "-m", "unittest", "-v", "perturb_unittest.Sleeps"]
TIMEOUT = {"FLAKESCOPE_TIMEOUT": "1"}


class InProcess(unittest.TestCase):
    def setUp(self):
        self.saved = perturb._settings
        perturb._settings = {"timeout": 0.2}
        self.addCleanup(setattr, perturb, "_settings", self.saved)

    def test_interrupts_and_restores_the_previous_handler(self):
        def mine(signum, frame):
            pass

        previous = signal.signal(signal.SIGALRM, mine)
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        began = time.monotonic()
        with self.assertRaises(hang.TestHang):
            hang.arm("t")
            try:
                time.sleep(5)
            finally:
                hang.disarm()
        self.assertLess(time.monotonic() - began, 2)
        self.assertIs(signal.getsignal(signal.SIGALRM), mine)
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))

    def test_no_timeout_no_timer(self):
        perturb._settings = {}
        hang.arm("t")
        self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))
        hang.disarm()


class Unittest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        began = time.monotonic()
        cls.proc, cls.events, _ = run(UNITTEST, extra_env=TIMEOUT)
        cls.elapsed = time.monotonic() - began

    def test_hang_event_at_the_blocking_line_with_all_stacks(self):
        (event,) = of(self.events, "hang")
        self.assertEqual((event["test"], event["timeout"]), ("perturb_unittest.Sleeps.test_b_hangs", 1.0))
        self.assertEqual((event["site"]["file"], event["site"]["line"]), ("perturb_unittest.py", 21))
        names = {s["name"]: s for s in event["stacks"]}
        self.assertIn("case-worker", names)
        main = [s for s in event["stacks"] if s["name"] == "MainThread"][0]
        self.assertEqual(main["frames"][0]["function"], "wait")
        self.assertNotIn("flakescope_shim", str(event["stacks"]))

    def test_interrupted_test_errors_and_the_next_one_passes(self):
        ends = {e["test"].split(".")[-1]: e["outcome"] for e in of(self.events, "test-end")}
        self.assertEqual(ends, {"test_a_sleeps": "passed", "test_b_hangs": "error", "test_c_after_hang": "passed"})
        hang_at = self.events.index(of(self.events, "hang")[0])
        end_at = self.events.index(of(self.events, "test-end", test="perturb_unittest.Sleeps.test_b_hangs")[0])
        self.assertLess(hang_at, end_at)
        self.assertIn("TestHang", self.proc.stderr)
        self.assertLess(self.elapsed, 20)

    def test_without_timeout_nothing_is_armed(self):
        proc, events, _ = run([PY, "-m", "unittest", "perturb_unittest.Sleeps.test_c_after_hang"])
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(of(events, "hang"), [])


@unittest.skipUnless(has_module(PY, "pytest"), "no pytest")
class Pytest(unittest.TestCase):
    def test_interrupted_and_suite_continues(self):
        proc, events, _ = run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "perturb_pytest.py"], extra_env=TIMEOUT)
        (event,) = of(events, "hang")
        self.assertEqual((event["test"], event["site"]["line"]), ("perturb_pytest.py::test_hangs", 11))
        ends = {e["test"]: e["outcome"] for e in of(events, "test-end")}
        self.assertEqual(ends.pop("perturb_pytest.py::test_hangs"), "failed")
        self.assertEqual(set(ends.values()), {"passed"})
        self.assertEqual(len(ends), 6)


@unittest.skipUnless(has_module(DEBIAN_PYTHON, "eventlet"), "no eventlet for Debian python")
class Eventlet(unittest.TestCase):
    def test_green_test_interrupted_and_hub_still_works(self):
        began = time.monotonic()
        proc, events, _ = run([DEBIAN_PYTHON, "-m", "unittest", "-v", "perturb_green"], extra_env=TIMEOUT)
        (event,) = of(events, "hang")
        self.assertEqual((event["site"]["file"], event["site"]["line"]), ("perturb_green.py", 14))
        self.assertTrue(any(s.get("greenlet") for s in event["stacks"]))
        ends = {e["test"].split(".")[-1]: e for e in of(events, "test-end")}
        self.assertEqual(ends["test_a_hangs"]["outcome"], "error")
        self.assertEqual(ends["test_b_after"]["outcome"], "passed")
        self.assertLess(ends["test_b_after"]["duration"], 0.5)
        self.assertLess(time.monotonic() - began, 20)


if __name__ == "__main__":
    unittest.main()
