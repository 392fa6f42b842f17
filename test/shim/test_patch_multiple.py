"""patch.multiple enters one patcher per attribute, the extra ones from inside the first one's
__enter__: the hooks' re-entry guard reports it as one patch with every key."""
import unittest

from shimrun import PY, of, run


class PatchMultiple(unittest.TestCase):
    def test_one_patch_per_multiple_with_every_key(self):
        proc, events, _ = run([PY, "-m", "unittest", "multiple_case"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        starts = of(events, "patch-start")
        self.assertEqual([(s["target"], s["via"], sorted(s["keys"])) for s in starts], [
            ("os", "mock.patch.multiple", ["getcwd", "getpid"]),
            ("os.path", "mock.patch.multiple", ["isdir", "isfile"]),
        ])
        stops = of(events, "patch-stop")
        self.assertEqual([(s["id"], s["how"]) for s in stops], [(starts[0]["id"], "exit"), (starts[1]["id"], "stop")])


if __name__ == "__main__":
    unittest.main()
