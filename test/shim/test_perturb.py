"""FLAKESCOPE_* perturbations: parsing, sleep scaling per site, jitter, switch interval."""
import os
import sys
import unittest

from shimrun import PY, SHIM, of, run

sys.path.insert(0, SHIM)
from flakescope_shim import perturb  # noqa: E402

CASE = [PY, "-m", "unittest", "-v", "perturb_unittest.Sleeps.test_a_sleeps", "perturb_unittest.Sleeps.test_c_after_hang"]


class Parse(unittest.TestCase):
    def test_nothing_set_is_nothing_perturbed(self):
        self.assertEqual(perturb.parse({"FLAKESCOPE_TRACE_DIR": "/tmp/x", "FLAKESCOPE_RUN": "2"}), ({}, []))

    def test_every_variable(self):
        settings, errors = perturb.parse({
            "FLAKESCOPE_SLEEP_SCALE": "0.5", "FLAKESCOPE_SLEEP_SITES": '{"t.py:3": 0, "t.py:9": 2}',
            "FLAKESCOPE_JITTER_MS": "5", "FLAKESCOPE_SEED": "42", "FLAKESCOPE_SWITCH_INTERVAL": "1e-6",
            "FLAKESCOPE_ORDER": "shuffle:7", "FLAKESCOPE_TIMEOUT": "3"})
        self.assertEqual(errors, [])
        self.assertEqual(settings, {"sleepScale": 0.5, "sleepSites": {"t.py:3": 0.0, "t.py:9": 2.0}, "jitterMs": 5.0,
                                    "seed": 42, "switchInterval": 1e-6, "order": "shuffle:7", "timeout": 3.0})

    def test_invalid_values_are_reported_and_left_out(self):
        settings, errors = perturb.parse({
            "FLAKESCOPE_SLEEP_SCALE": "-1", "FLAKESCOPE_SLEEP_SITES": "[1]", "FLAKESCOPE_ORDER": "sideways",
            "FLAKESCOPE_TIMEOUT": "0", "FLAKESCOPE_SWITCH_INTERVAL": "nan", "FLAKESCOPE_SEED": "x"})
        self.assertEqual(settings, {})
        self.assertEqual(sorted(e.split(":")[0] for e in errors), sorted([
            "FLAKESCOPE_SLEEP_SCALE", "FLAKESCOPE_SLEEP_SITES", "FLAKESCOPE_ORDER", "FLAKESCOPE_TIMEOUT",
            "FLAKESCOPE_SWITCH_INTERVAL", "FLAKESCOPE_SEED"]))

    def test_sleep_scope_is_parsed_and_an_empty_one_is_an_error(self):
        self.assertEqual(perturb.parse({"FLAKESCOPE_SLEEP_SCALE": "0", "FLAKESCOPE_SLEEP_SCOPE": "nova/tests/t.py"}),
                         ({"sleepScale": 0.0, "sleepScope": "nova/tests/t.py"}, []))
        settings, errors = perturb.parse({"FLAKESCOPE_SLEEP_SCOPE": " "})
        self.assertEqual((settings, [e.split(":")[0] for e in errors]), ({}, ["FLAKESCOPE_SLEEP_SCOPE"]))

    def test_scope_is_the_file_or_a_path_segment_suffix(self):
        self.assertTrue(perturb.in_sleep_scope("tests/test_x.py", None))
        self.assertTrue(perturb.in_sleep_scope("tests/test_x.py", "tests/test_x.py"))
        self.assertTrue(perturb.in_sleep_scope("/usr/lib/nova/tests/t.py", "nova/tests/t.py"))
        self.assertFalse(perturb.in_sleep_scope("tests/my_test_x.py", "test_x.py"))
        self.assertFalse(perturb.in_sleep_scope("nova/helpers.py", "nova/tests/t.py"))

    def test_unseeded_jitter_records_a_seed(self):
        settings, _ = perturb.parse({"FLAKESCOPE_JITTER_MS": "2"})
        self.assertIsInstance(settings["seed"], int)


class SleepScaling(unittest.TestCase):
    def sleeps(self, env):
        proc, events, _ = run(CASE, extra_env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(of(events, "internal-error"), [])
        return events, {e["site"]["line"]: e for e in of(events, "sleep")}

    def test_scale_zero_yields_and_records_what_really_slept(self):
        events, sleeps = self.sleeps({"FLAKESCOPE_SLEEP_SCALE": "0"})
        self.assertEqual(events[0]["perturbation"], {"sleepScale": 0.0})
        self.assertEqual((sleeps[13]["requested"], sleeps[13]["scale"]), (0.2, 0.0))
        self.assertLess(sleeps[13]["actual"], 0.05)
        self.assertEqual((sleeps[15]["api"], sleeps[15]["requested"]), ("asyncio.sleep", 0.2))
        self.assertLess(sleeps[15]["actual"], 0.05)

    def test_site_entry_overrides_the_global_scale(self):
        _, sleeps = self.sleeps({"FLAKESCOPE_SLEEP_SCALE": "0", "FLAKESCOPE_SLEEP_SITES": '{"perturb_unittest.py:14": 3}'})
        self.assertEqual(sleeps[14]["scale"], 3.0)
        self.assertGreaterEqual(sleeps[14]["actual"], 0.29)
        self.assertLess(sleeps[13]["actual"], 0.05)

    def test_scope_scales_only_its_own_sleeps(self):
        events, sleeps = self.sleeps({"FLAKESCOPE_SLEEP_SCALE": "0", "FLAKESCOPE_SLEEP_SCOPE": "perturb_unittest.py"})
        self.assertEqual(events[0]["perturbation"], {"sleepScale": 0.0, "sleepScope": "perturb_unittest.py"})
        self.assertEqual(sleeps[13]["scale"], 0.0)
        self.assertLess(sleeps[13]["actual"], 0.05)

    def test_sleeps_outside_the_scope_run_at_1x_unless_their_site_is_named(self):
        _, sleeps = self.sleeps({"FLAKESCOPE_SLEEP_SCALE": "0", "FLAKESCOPE_SLEEP_SCOPE": "elsewhere/perturb_unittest.py",
                                 "FLAKESCOPE_SLEEP_SITES": '{"perturb_unittest.py:14": 0}'})
        self.assertEqual(sleeps[13]["scale"], 1.0)
        self.assertGreaterEqual(sleeps[13]["actual"], 0.19)
        self.assertEqual(sleeps[14]["scale"], 0.0, "an explicit site entry wins over the scope")
        self.assertLess(sleeps[14]["actual"], 0.05)

    def test_unperturbed_sleeps_carry_no_scale(self):
        events, sleeps = self.sleeps({})
        self.assertNotIn("perturbation", events[0])
        self.assertNotIn("scale", sleeps[13])
        self.assertGreaterEqual(sleeps[13]["actual"], 0.19)

    def test_jitter_only_adds(self):
        _, sleeps = self.sleeps({"FLAKESCOPE_JITTER_MS": "30", "FLAKESCOPE_SEED": "1"})
        extras = [s["actual"] - s["requested"] for s in sleeps.values()]
        self.assertTrue(all(extra >= 0 for extra in extras), extras)
        self.assertGreater(max(extras), 0.002, extras)

    def test_switch_interval_applied(self):
        proc, events, _ = run(CASE, extra_env={"FLAKESCOPE_SWITCH_INTERVAL": "0.0001", "CASE_SWITCH": "0.0001"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(events[0]["perturbation"], {"switchInterval": 0.0001})

    def test_bad_variable_is_an_internal_error_not_a_failure(self):
        proc, events, _ = run(CASE, extra_env={"FLAKESCOPE_SLEEP_SCALE": "fast"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([e["where"] for e in of(events, "internal-error")], ["perturb.parse"])
        self.assertNotIn("perturbation", events[0])


class SleepPlan(unittest.TestCase):
    """FLAKESCOPE_SLEEP_PLAN: each execution of a test takes the next entry of its list; other tests run at 1x."""

    def test_each_execution_scales_its_own_entry_and_says_so_at_its_start(self):
        test = "perturb_unittest.Sleeps.test_a_sleeps"
        plan = '{"%s": [{"perturb_unittest.py:13": 0}, {}, {"perturb_unittest.py:14": 3}]}' % test
        proc, events, _ = run([PY, "-m", "unittest", test, test, test, "perturb_unittest.Sleeps.test_c_after_hang"],
                              extra_env={"FLAKESCOPE_SLEEP_PLAN": plan})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(of(events, "internal-error"), [])
        starts = of(events, "test-start")
        self.assertEqual([s.get("perturbation") for s in starts],
                         [{"sleepSites": {"perturb_unittest.py:13": 0.0}}, None, {"sleepSites": {"perturb_unittest.py:14": 3.0}}, None])
        by_run = [[e for e in of(events, "sleep") if e["site"]["line"] in (13, 14) and s["t"] <= e["t"] <= end["t"]]
                  for s, end in zip(starts, of(events, "test-end"))]
        first, second, third, _ = ({e["site"]["line"]: e for e in sleeps} for sleeps in by_run)
        self.assertLess(first[13]["actual"], 0.05)
        self.assertGreaterEqual(first[14]["actual"], 0.09, "a site not in the entry runs at 1x")
        self.assertGreaterEqual(second[13]["actual"], 0.19, "an empty entry is a plain execution")
        self.assertGreaterEqual(third[14]["actual"], 0.29)
        self.assertGreaterEqual(third[13]["actual"], 0.19)


class ThreadStartJitter(unittest.TestCase):
    def test_thread_start_is_delayed_only_with_jitter(self):
        code = ("import threading, time; t0 = time.monotonic()\n"
                "for _ in range(20): threading.Thread(target=int).start()\n"
                "print(time.monotonic() - t0)")
        plain, _, _ = run([PY, "-c", code])
        jittered, _, _ = run([PY, "-c", code], extra_env={"FLAKESCOPE_JITTER_MS": "20", "FLAKESCOPE_SEED": "3"})
        self.assertLess(float(plain.stdout), 0.1)
        self.assertGreater(float(jittered.stdout), 0.1)


if __name__ == "__main__":
    unittest.main()
