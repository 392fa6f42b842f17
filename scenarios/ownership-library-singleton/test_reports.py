import os
import sys
import unittest

# The library is installed, as it would be in a virtualenv: its code is not the suite's.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))

import poolkit  # noqa: E402


class ReportTests(unittest.TestCase):
    def test_a_builds_the_report(self):
        out = []
        poolkit.run(lambda: out.append("report"))
        self.assertEqual(out, ["report"])

    def test_b_builds_two(self):
        out = []
        poolkit.run(lambda: out.append(1))
        poolkit.run(lambda: out.append(2))
        self.assertEqual(out, [1, 2])

    def test_c_counts(self):
        self.assertEqual(poolkit.POOL_SIZE, 4)


if __name__ == "__main__":
    unittest.main()
