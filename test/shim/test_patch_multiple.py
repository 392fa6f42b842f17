"""patch.multiple enters one patcher per attribute, the extra ones from inside the first one's
__enter__: the hooks' re-entry guard reports it as one patch with every key. Traced in this process."""
import unittest
import unittest.case
import unittest.mock

import inprocess
from flakescope_shim.hooks import patch
from flakescope_shim.unittest import boundaries
from shimrun import of


class PatchMultiple(unittest.TestCase):
    def test_one_patch_per_multiple_with_every_key(self):
        with inprocess.traced(lambda: boundaries.install(unittest.case), lambda: patch.install(unittest.mock)) as events:
            result = inprocess.run_case("multiple_case")
        self.assertTrue(result.wasSuccessful(), result.failures + result.errors)
        starts = of(events, "patch-start")
        self.assertEqual([(s["target"], s["via"], sorted(s["keys"])) for s in starts], [
            ("os", "mock.patch.multiple", ["getcwd", "getpid"]),
            ("os.path", "mock.patch.multiple", ["isdir", "isfile"]),
        ])
        stops = of(events, "patch-stop")
        self.assertEqual([(s["id"], s["how"]) for s in stops], [(starts[0]["id"], "exit"), (starts[1]["id"], "stop")])


if __name__ == "__main__":
    unittest.main()
