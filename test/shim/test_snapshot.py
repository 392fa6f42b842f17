"""Snapshots read the process with the originals captured at import, never a test's mocks, and show a
changed logger as it was and as it is."""
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


class LoggingState(unittest.TestCase):
    def test_a_logger_left_changed_reads_before_and_after(self):
        proc, events, _ = run([PY, "-m", "unittest", "logging_state_case"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        changes = [e for e in of(events, "resource-open") if e.get("kind") == "state" and e.get("target", "").startswith("logging:")]
        self.assertEqual([e["target"] for e in changes], ["logging:app.db"])
        self.assertEqual(changes[0]["before"], "<unset>")
        self.assertEqual(changes[0]["after"], "level=DEBUG handlers=[StreamHandler] propagate=False")
        self.assertEqual(changes[0]["test"], "logging_state_case.LoggingState.test_a_leaves_the_logger_changed")


if __name__ == "__main__":
    unittest.main()
