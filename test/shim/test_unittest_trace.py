import unittest

from shimrun import PY, index, of, run


class UnittestTrace(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.events, _ = run([PY, "-m", "unittest", "-v", "leaky_unittest"])

    def test_outcomes_unchanged_and_reported(self):
        plain, _, _ = run([PY, "-m", "unittest", "-v", "leaky_unittest"], traced=False)
        self.assertEqual(self.proc.returncode, plain.returncode)
        self.assertEqual(self.proc.stdout, plain.stdout)
        self.assertEqual(self.proc.stderr.splitlines()[:11], plain.stderr.splitlines()[:11])
        ends = {e["test"].split(".")[-1]: e["outcome"] for e in of(self.events, "test-end")}
        self.assertEqual(ends, {
            "test_a_leaks": "passed", "test_b_victim": "passed", "test_c_decorated": "passed",
            "test_d_fails": "failed", "test_e_skipped": "skipped", "test_f_xfail": "passed",
            "test_g_xpass": "failed", "test_h_self_kwarg": "passed", "test_stopall": "passed"})
        failed = of(self.events, "test-end", outcome="failed")
        self.assertIn("AssertionError: 1 != 2", [e.get("message") for e in failed])

    def test_header(self):
        header = self.events[0]
        self.assertEqual((header["ev"], header["v"], header["run"]), ("header", 2, 3))
        self.assertEqual(len(of(self.events, "internal-error")), 0, of(self.events, "internal-error"))

    def test_leaked_start_owned_by_test_and_never_stopped(self):
        start = of(self.events, "patch-start", target="os.path.exists")[0]
        test = "leaky_unittest.Leaky.test_a_leaks"
        self.assertEqual(start["owner"], {"scope": "test", "id": test})
        self.assertEqual((start["how"], start["via"], start["site"]["line"]), ("start", "mock.patch", 18))
        self.assertEqual(of(self.events, "patch-stop", id=start["id"]), [])
        victim = of(self.events, "mock-call", id=start["id"])
        self.assertEqual([v["test"] for v in victim], ["leaky_unittest.Leaky.test_b_victim"])
        self.assertEqual(victim[0]["site"]["line"], 22)

    def test_class_patch_owned_by_class_and_stopped_before_scope_end(self):
        start = of(self.events, "patch-start", target="os.getcwd")[0]
        self.assertEqual(start["owner"], {"scope": "class", "id": "leaky_unittest.Leaky"})
        stop = of(self.events, "patch-stop", id=start["id"])[0]
        end = of(self.events, "scope-end", scope="class", id="leaky_unittest.Leaky")[0]
        self.assertLess(index(self.events, stop), index(self.events, end))
        self.assertEqual(stop["how"], "stop")

    def test_decorator_context_cleanup_stopall(self):
        env = of(self.events, "patch-start", target="os.environ")[0]
        self.assertEqual((env["via"], env["how"], env["keys"], env["site"]["line"]),
                         ("mock.patch.dict", "decorator", ["FLAKESCOPE_CASE"], 24))
        self.assertEqual(of(self.events, "patch-stop", id=env["id"])[0]["how"], "exit")
        isdir = of(self.events, "patch-start", via="mock.patch.object")[0]
        self.assertTrue(isdir["target"].endswith("path.isdir"), isdir["target"])
        self.assertEqual(isdir["how"], "context")
        listdir = of(self.events, "patch-start", target="os.listdir")[0]
        self.assertEqual(of(self.events, "patch-stop", id=listdir["id"])[0]["how"], "cleanup")
        getpid = of(self.events, "patch-start", target="os.getpid")[0]
        self.assertEqual(of(self.events, "patch-stop", id=getpid["id"])[0]["how"], "stopall")

    def test_test_end_after_cleanups(self):
        listdir = of(self.events, "patch-start", target="os.listdir")[0]
        stop = of(self.events, "patch-stop", id=listdir["id"])[0]
        end = of(self.events, "test-end", test=listdir["test"])[0]
        self.assertLess(index(self.events, stop), index(self.events, end))

    def test_sleep(self):
        sleep = of(self.events, "sleep")[0]
        self.assertEqual((sleep["api"], sleep["requested"], sleep["site"]["line"]), ("time.sleep", 0.01, 19))
        self.assertGreaterEqual(sleep["actual"], 0.009)

    def test_setupclass_fixture_and_module_scope(self):
        setup = of(self.events, "fixture-setup", kind="setUpClass")[0]
        self.assertEqual(len(of(self.events, "fixture-cleanup", id=setup["id"])), 1)
        self.assertEqual(len(of(self.events, "scope-start", scope="module", id="leaky_unittest")), 1)
        self.assertEqual(len(of(self.events, "scope-end", scope="module", id="leaky_unittest")), 1)


if __name__ == "__main__":
    unittest.main()
