"""The second test leaves through os._exit: no teardown, no test-end; the process exits 3."""
import os
import unittest


class ExitTests(unittest.TestCase):
    def test_a_before(self):
        self.assertEqual(2 * 2, 4)

    def test_b_exits(self):
        os._exit(3)

    def test_c_never_runs(self):
        self.assertTrue(True)
