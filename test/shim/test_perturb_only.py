"""Perturb-only mode: FLAKESCOPE_* perturbations apply without FLAKESCOPE_TRACE_DIR (a pasted reproducer)."""
import os
import sys
import time
import unittest

from shimrun import PY, SHIM, run

sys.path.insert(0, SHIM)
from flakescope_shim import perturb_only  # noqa: E402

CASE = "perturb_only_case.Timing"


def untraced(tests, env):
    """Run with the shim on PYTHONPATH and `env`, but no trace dir."""
    extra = {"PYTHONPATH": SHIM + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")}
    extra.update(env)
    proc, events, trace_dir = run([PY, "-m", "unittest"] + tests, traced=False, extra_env=extra)
    return proc, events, trace_dir


def deciding_line():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "perturb_only_case.py")) as handle:
        return next(i for i, line in enumerate(handle, 1) if "DECIDING" in line)


class Wanted(unittest.TestCase):
    def test_only_perturbations_without_a_trace_dir(self):
        self.assertTrue(perturb_only.wanted({"FLAKESCOPE_SLEEP_SCALE": "0"}))
        self.assertFalse(perturb_only.wanted({"FLAKESCOPE_SLEEP_SCALE": "0", "FLAKESCOPE_TRACE_DIR": "/t"}))
        self.assertFalse(perturb_only.wanted({"FLAKESCOPE_RUN": "1"}))
        self.assertFalse(perturb_only.wanted({"FLAKESCOPE_SLEEP_SCALE": ""}))


class Untraced(unittest.TestCase):
    def test_sleep_site_scaled_without_a_trace(self):
        site = '{"perturb_only_case.py:%d": 0}' % deciding_line()
        proc, events, trace_dir = untraced([CASE + ".test_sleep_decides"], {"FLAKESCOPE_SLEEP_SITES": site})
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("AssertionError", proc.stderr)
        self.assertEqual((events, os.listdir(trace_dir)), ([], []))

    def test_sleep_replaced_by_a_library_is_wrapped_again_at_the_test_start(self):
        proc, _, _ = untraced(["perturb_only_replaced.Replaced.test_sleep_decides"], {"FLAKESCOPE_SLEEP_SITES": '{"perturb_only_replaced.py:24": 0}'})
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("AssertionError", proc.stderr)

    def test_other_site_scaled_keeps_the_test_green(self):
        site = '{"perturb_only_case.py:%d": 0}' % (deciding_line() + 1)
        proc, _, _ = untraced([CASE + ".test_sleep_decides"], {"FLAKESCOPE_SLEEP_SITES": site})
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_no_variable_no_shim(self):
        proc, _, _ = untraced([CASE + ".test_shim_loaded"], {})
        self.assertIn("loaded=False", proc.stderr)

    def test_order_applies(self):
        tests = ["perturb_only_case.Order.test_1", "perturb_only_case.Order.test_2"]
        self.assertEqual(untraced(tests, {})[0].returncode, 1)
        proc, _, _ = untraced(tests, {"FLAKESCOPE_ORDER": "reverse"})
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_timeout_interrupts_a_hang_and_the_suite_goes_on(self):
        began = time.monotonic()
        proc, _, _ = untraced([CASE + ".test_hangs", CASE + ".test_sleep_decides"], {"FLAKESCOPE_TIMEOUT": "1"})
        self.assertLess(time.monotonic() - began, 30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("TestHang", proc.stderr)
        self.assertIn("Ran 2 tests", proc.stderr)
        self.assertNotIn("flakescope_shim", proc.stderr.split("Traceback")[0])

    def test_timeout_ends_a_test_that_swallows_the_interrupt(self):
        began = time.monotonic()
        proc, _, _ = untraced([CASE + ".test_swallows_the_interrupt"], {"FLAKESCOPE_TIMEOUT": "0.5"})
        self.assertEqual(proc.returncode, perturb_only.HANG_EXIT_STATUS)
        self.assertLess(time.monotonic() - began, 0.5 + perturb_only.HANG_GRACE_SECONDS + 20)

    def test_timeout_under_pytest_with_the_plugin(self):
        extra = {"PYTHONPATH": SHIM, "FLAKESCOPE_TIMEOUT": "1"}
        argv = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "flakescope_shim.pytest.plugin",
                "perturb_pytest.py::test_hangs", "perturb_pytest.py::test_after_hang"]
        began = time.monotonic()
        proc, events, _ = run(argv, traced=False, extra_env=extra)
        self.assertLess(time.monotonic() - began, 30)
        self.assertEqual(events, [])
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("TestHang", proc.stdout)
        self.assertIn("1 failed, 1 passed", proc.stdout)

    def test_timeout_under_pytest_ends_a_test_that_swallows_the_interrupt(self):
        extra = {"PYTHONPATH": SHIM, "FLAKESCOPE_TIMEOUT": "0.5"}
        argv = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "flakescope_shim.pytest.plugin", "perturb_pytest_swallow.py"]
        began = time.monotonic()
        proc, _, _ = run(argv, traced=False, extra_env=extra)
        self.assertEqual(proc.returncode, perturb_only.HANG_EXIT_STATUS, proc.stdout + proc.stderr)
        self.assertLess(time.monotonic() - began, 0.5 + perturb_only.HANG_GRACE_SECONDS + 20)


if __name__ == "__main__":
    unittest.main()
