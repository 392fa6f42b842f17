"""FLAKESCOPE_ORDER: reverse and seeded shuffle, groups kept together, under unittest and pytest."""
import random
import sys
import unittest

from shimrun import PY, SHIM, has_module, of, run

sys.path.insert(0, SHIM)
from flakescope_shim import order  # noqa: E402

SECOND = ["perturb_unittest.Second.test_x", "perturb_unittest.Second.test_y", "perturb_unittest.Second.test_z"]
UNITTEST = [PY, "-m", "unittest", "-v", "perturb_unittest.Second", "perturb_unittest.Sleeps.test_c_after_hang"]
PYTEST = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "perturb_pytest.py", "-k", "not hangs and not sleeps"]


def started(env, argv=UNITTEST):
    proc, events, _ = run(argv, extra_env=env)
    return proc, [e["test"] for e in of(events, "test-start")], events


class Arrange(unittest.TestCase):
    ITEMS = ["m1::A::a", "m1::A::b", "m1::c", "m2::B::d", "m2::B::e", "m1::A::f"]

    @staticmethod
    def keys(item):
        return tuple(item.split("::")[:-1])

    def test_reverse_keeps_groups_contiguous(self):
        self.assertEqual(order.arrange_keyed(self.ITEMS, self.keys, "reverse", None),
                         ["m2::B::e", "m2::B::d", "m1::c", "m1::A::f", "m1::A::b", "m1::A::a"])

    def test_shuffle_is_a_seeded_grouped_permutation(self):
        first = order.arrange_keyed(self.ITEMS, self.keys, "shuffle", random.Random(5))
        self.assertEqual(first, order.arrange_keyed(self.ITEMS, self.keys, "shuffle", random.Random(5)))
        self.assertEqual(sorted(first), sorted(self.ITEMS))
        classes = [self.keys(i) for i in first if len(self.keys(i)) == 2]
        self.assertEqual(len([k for n, k in enumerate(classes) if n == 0 or classes[n - 1] != k]), 2)
        seen = {tuple(order.arrange_keyed(self.ITEMS, self.keys, "shuffle", random.Random(s))) for s in range(20)}
        self.assertGreater(len(seen), 5)


class UnittestOrder(unittest.TestCase):
    def test_default_order(self):
        proc, tests, _ = started({})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(tests, SECOND + ["perturb_unittest.Sleeps.test_c_after_hang"])

    def test_reverse_runs_class_setup_once(self):
        proc, tests, events = started({"FLAKESCOPE_ORDER": "reverse"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(tests, ["perturb_unittest.Sleeps.test_c_after_hang"] + SECOND[::-1])
        self.assertEqual(events[0]["perturbation"], {"order": "reverse"})

    def test_shuffle_same_seed_same_order(self):
        orders = set()
        for seed in ("1", "1", "2", "3", "4"):
            proc, tests, _ = started({"FLAKESCOPE_ORDER": "shuffle:" + seed})
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(sorted(tests), sorted(SECOND + ["perturb_unittest.Sleeps.test_c_after_hang"]))
            orders.add((seed, tuple(tests)))
        self.assertEqual(len({tests for seed, tests in orders if seed == "1"}), 1)
        self.assertGreater(len({tests for _, tests in orders}), 1)


@unittest.skipUnless(has_module(PY, "pytest"), "no pytest")
class PytestOrder(unittest.TestCase):
    def test_reverse_and_shuffle(self):
        proc, plain, _ = started({}, PYTEST)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(plain[0], "perturb_pytest.py::test_after_hang")
        proc, reverse, _ = started({"FLAKESCOPE_ORDER": "reverse"}, PYTEST)
        self.assertEqual(reverse, plain[::-1])
        proc, shuffled, _ = started({"FLAKESCOPE_ORDER": "shuffle:9"}, PYTEST)
        _, again, _ = started({"FLAKESCOPE_ORDER": "shuffle:9"}, PYTEST)
        self.assertEqual((sorted(shuffled), shuffled), (sorted(plain), again))


if __name__ == "__main__":
    unittest.main()
