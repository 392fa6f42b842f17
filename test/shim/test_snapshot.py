"""Snapshots read the process with the originals captured at import, never a test's mocks."""
import unittest

from shimrun import PY, of, run


class SnapshotUsesOriginals(unittest.TestCase):
    def test_a_patched_getcwd_is_not_a_cwd_change(self):
        proc, events, _ = run([PY, "-m", "unittest", "patched_os_case"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(of(events, "test-end")), 2)
        cwd_changes = [e for e in of(events, "resource-open") if e.get("kind") == "state" and "cwd" in e.get("key", "")]
        self.assertEqual(cwd_changes, [])
        self.assertEqual(len(of(events, "patch-start", target="os.getcwd")), 1)


if __name__ == "__main__":
    unittest.main()
