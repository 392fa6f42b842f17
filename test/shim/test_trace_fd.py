"""Rule 1 for fds: the shim's trace file is invisible to the code under test. A child that lists its
fds sees none of ours; a test that closes every fd and opens its own file, or puts its own file under
our number, keeps exactly what it wrote; and no event is lost on the way."""
import os
import unittest

from shimrun import PY, of, run

# The outcomes fd_case.py gives without flakescope (a unittest -v line per test).
PASSED = ["test_a_child_lists_its_fds", "test_b_closerange_then_a_file_of_its_own", "test_c_dup2_onto_the_trace_fd",
          "test_d_after_them"]


def verbose_outcomes(stderr):
    return {line.split(" ")[0]: line.rsplit("... ", 1)[-1].strip() for line in stderr.splitlines() if " ... " in line}


class TraceFd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        argv = [PY, "-m", "unittest", "-v", "fd_case"]
        cls.plain, _, _ = run(argv, traced=False)
        cls.traced, cls.events, cls.trace_dir = run(argv)

    def test_same_outcomes_as_without_flakescope(self):
        self.assertEqual(self.plain.returncode, 0, self.plain.stderr)
        self.assertEqual(verbose_outcomes(self.traced.stderr), verbose_outcomes(self.plain.stderr), self.traced.stderr)
        self.assertEqual(self.traced.returncode, 0, self.traced.stderr)

    def test_the_dup2_case_did_take_our_fd(self):
        self.assertIn("took 1 trace fd(s)", self.traced.stdout)

    def test_no_event_lost(self):
        ended = {e["test"].rsplit(".", 1)[-1]: e["outcome"] for e in of(self.events, "test-end")}
        self.assertEqual(ended, {name: "passed" for name in PASSED})
        mine = [e for e in self.events if (e.get("test") or "").endswith("test_b_closerange_then_a_file_of_its_own")]
        self.assertEqual(len(of(mine, "sleep")), 3)
        self.assertEqual(of(self.events, "internal-error"), [])

    def test_a_quiet_child_writes_its_trace_at_exit(self):
        children = [e for e in of(self.events, "header") if e["argv"][-1:] != ["fd_case"]]
        self.assertEqual(len(children), 1, [e["argv"] for e in of(self.events, "header")])
        self.assertEqual(len({e["_file"] for e in self.events}), 2)
        for name in os.listdir(self.trace_dir):
            self.assertEqual(os.stat(os.path.join(self.trace_dir, name)).st_mode & 0o777, 0o600)


if __name__ == "__main__":
    unittest.main()
