"""The victim check registers every mock a patch installs, including one spec'd by a plain value,
whose __class__ property names that value's type (int here), not the mock's."""
import unittest

from shimrun import PY, of, run


class SpecVictim(unittest.TestCase):
    def test_a_specced_mock_called_after_its_patch_leaked_is_reported(self):
        proc, events, _ = run([PY, "-m", "unittest", "spec_victim_case"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        start = of(events, "patch-start")[0]
        calls = of(events, "mock-call", id=start["id"])
        self.assertEqual([c["test"] for c in calls], ["spec_victim_case.Specced.test_b_victim"])


if __name__ == "__main__":
    unittest.main()
