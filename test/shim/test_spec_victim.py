"""The victim check registers every mock a patch installs, including one spec'd by a plain value,
whose __class__ property names that value's type (int here), not the mock's. Traced in this process."""
import unittest
import unittest.case
import unittest.mock

import inprocess
from flakescope_shim.hooks import patch
from flakescope_shim.unittest import boundaries
from shimrun import of


class SpecVictim(unittest.TestCase):
    def test_a_specced_mock_called_after_its_patch_leaked_is_reported(self):
        with inprocess.traced(lambda: boundaries.install(unittest.case), lambda: patch.install(unittest.mock)) as events:
            result = inprocess.run_case("spec_victim_case")
        self.assertTrue(result.wasSuccessful(), result.failures + result.errors)
        start = of(events, "patch-start")[0]
        calls = of(events, "mock-call", id=start["id"])
        self.assertEqual([c["test"] for c in calls], ["spec_victim_case.Specced.test_b_victim"])


if __name__ == "__main__":
    unittest.main()
