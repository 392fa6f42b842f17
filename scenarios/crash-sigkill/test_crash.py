"""The second test SIGKILLs its own process: the first test's result must survive, the second is crashed."""
import os
import signal
import unittest


class CrashTests(unittest.TestCase):
    def test_a_before(self):
        self.assertEqual(1 + 1, 2)

    def test_b_killed(self):
        os.kill(os.getpid(), signal.SIGKILL)

    def test_c_never_runs(self):
        self.assertTrue(True)


if __name__ == "__main__":
    unittest.main()
