"""Who made what: resource and state notes carry the suite's innermost line (past a generic spawn
wrapper), the library frame that did it (createdBy) and the library global that keeps it (heldBy);
children are paired by pid, pipes by inode; a mock called by an executor thread is recorded; cleanups
under IsolatedAsyncioTestCase are seen to run."""
import os
import re
import shutil
import unittest

from shimrun import CASES, PY, SHIM, of, run

LIB_DIR = os.path.join(CASES, "ownership_lib_site", "site-packages")


def marks(path):
    """{"name": line} of the `# LINE: name` comments in a file."""
    with open(path) as handle:
        return {m.group(1): n for n, text in enumerate(handle, 1) for m in [re.search(r"# LINE: ([\w-]+)", text)] if m}


class Notes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = {"PYTHONPATH": os.pathsep.join(filter(None, [SHIM, LIB_DIR, os.environ.get("PYTHONPATH")]))}
        cls.proc, cls.events, trace_dir = run([PY, "-m", "unittest", "ownership_case"], extra_env=env)
        shutil.rmtree(trace_dir, ignore_errors=True)
        cls.case = marks(os.path.join(CASES, "ownership_case.py"))
        cls.lib = marks(os.path.join(LIB_DIR, "ownership_lib.py"))

    def opens(self, **match):
        return of(self.events, "resource-open", **match)

    def line(self, event):
        return (event.get("site") or {}).get("line")

    def test_the_run_passed_with_no_internal_error(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(of(self.events, "internal-error"), [])

    def test_library_pool_site_in_the_suite_made_by_the_library_held_by_its_global(self):
        pool = self.opens(target="libpool")
        self.assertEqual(len(pool), 3)
        for event in pool:
            self.assertEqual(self.line(event), self.case["singleton"])
            self.assertEqual(event["createdBy"]["line"], self.lib["lib-pool"])
            self.assertTrue(event["createdBy"]["file"].endswith("ownership_lib.py"))
            self.assertTrue(event["heldBy"].startswith("ownership_lib._pool["), event["heldBy"])

    def test_library_object_the_suite_keeps_is_not_held_by_a_library(self):
        [worker] = self.opens(target="libworker")
        self.assertEqual(self.line(worker), self.case["worker"])
        self.assertIn("createdBy", worker)
        self.assertNotIn("heldBy", worker)

    def test_generic_wrapper_is_passed_through_to_its_caller(self):
        [thread] = self.opens(target="wrapped")
        self.assertEqual(self.line(thread), self.case["wrapped"])
        self.assertNotIn("createdBy", thread)

    def test_child_paired_by_pid_not_by_command(self):
        [child] = [e for e in self.opens(kind="child")]
        self.assertEqual(child["target"], "sleep 5")
        self.assertEqual(self.line(child), self.case["child"])

    def test_pipe_paired_by_inode(self):
        pipes = [e for e in self.opens(kind="fd") if e["target"].startswith("pipe:")]
        self.assertEqual([self.line(e) for e in pipes], [self.case["pipe"]] * 2)

    def test_event_loop_selector_by_its_fd(self):
        [epoll] = [e for e in self.opens(kind="fd") if e["target"].startswith("anon_inode:")]
        self.assertEqual(self.line(epoll), self.case["loop"])

    def test_logger_level_a_library_set(self):
        [level] = self.opens(target="logging:ownership_lib.noisy")
        self.assertEqual(self.line(level), self.case["level"])
        self.assertEqual(level["createdBy"]["line"], self.lib["lib-level"])

    def test_sys_path_changed_with_no_import_after_is_blamed_on_the_test_that_changed_it(self):
        # sys.path has no audit event: the note of an earlier change (the runner's own, at start-up) must not be used.
        [change] = [e for e in self.opens(target="sys.path") if "ownership-case" in e.get("after", "")]
        self.assertEqual(change["test"], "ownership_case.Ownership.test_k_sys_path_without_a_later_import")

    def test_mock_called_by_an_executor_thread_is_recorded_with_a_site(self):
        calls = of(self.events, "mock-call", test="ownership_case.Ownership.test_g_mock_called_from_executor")
        self.assertEqual(len(calls), 1)
        self.assertIsInstance(calls[0]["site"], dict)

    def test_async_case_cleanups_are_seen_to_run(self):
        test = "ownership_case.Async.test_a"
        setups = [e for e in of(self.events, "fixture-setup", kind="cleanup") if e.get("test") == test]
        self.assertEqual(len(setups), 2)
        cleaned = {e["id"] for e in of(self.events, "fixture-cleanup")}
        self.assertEqual([e["id"] in cleaned for e in setups], [True, True])


if __name__ == "__main__":
    unittest.main()
