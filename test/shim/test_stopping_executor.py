"""An executor's worker told to stop (shutdown(wait=False) while it finishes a task) is waited for at
its test's end, not reported alive into the next tests; one still running for its executor is."""
import unittest

from shimrun import PY, of, run


class StoppingExecutor(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.events, _ = run([PY, "-m", "unittest", "stopping_executor_case"])

    def test_the_run_passed(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)

    def test_a_worker_told_to_stop_is_not_reported(self):
        self.assertEqual([e for e in of(self.events, "resource-open", kind="thread") if e["target"].startswith("stopping")], [])

    def test_a_worker_of_a_live_executor_is(self):
        self.assertEqual(len([e for e in of(self.events, "resource-open", kind="thread") if e["target"].startswith("running")]), 1)


if __name__ == "__main__":
    unittest.main()
