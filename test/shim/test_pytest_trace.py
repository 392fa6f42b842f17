import unittest

from shimrun import PY, has_module, of, run


@unittest.skipUnless(has_module(PY, "pytest"), "pytest not installed for %s" % PY)
class PytestTrace(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        argv = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_pytest_case.py"]
        cls.proc, cls.events, _ = run(argv)
        cls.plain, _, _ = run(argv, traced=False)

    def test_same_exit_code(self):
        self.assertEqual(self.proc.returncode, self.plain.returncode)
        self.assertEqual(of(self.events, "internal-error"), [])

    def test_node_ids_once_each(self):
        ends = {e["test"]: e["outcome"] for e in of(self.events, "test-end")}
        self.assertEqual(ends, {
            "test_pytest_case.py::test_monkeypatch": "passed",
            "test_pytest_case.py::test_fails": "failed",
            "test_pytest_case.py::test_teardown_error": "error",
            "test_pytest_case.py::TestUnit::test_unit": "passed"})
        self.assertEqual(len(of(self.events, "test-start")), 4)

    def test_monkeypatch_undone_before_test_end(self):
        starts = of(self.events, "patch-start", via="monkeypatch")
        self.assertEqual(sorted(s["target"] for s in starts), ["os.environ", "os.getcwd"])
        end = of(self.events, "test-end", test="test_pytest_case.py::test_monkeypatch")[0]
        for start in starts:
            stop = of(self.events, "patch-stop", id=start["id"])[0]
            self.assertEqual(stop["how"], "undo")
            self.assertLess(self.events.index(stop), self.events.index(end))

    def test_fixture_scopes_and_owner(self):
        setup = of(self.events, "fixture-setup", fixture="module_patch")[0]
        self.assertEqual((setup["kind"], setup["scope"]), ("pytest", "module"))
        patch = of(self.events, "patch-start", target="os.getpid")[0]
        self.assertEqual(patch["owner"], {"scope": "fixture", "id": setup["id"]})
        self.assertEqual(len(of(self.events, "fixture-cleanup", id=setup["id"])), 1)
        broken = of(self.events, "fixture-setup", fixture="broken_teardown")[0]
        cleanup = of(self.events, "fixture-cleanup", id=broken["id"])[0]
        self.assertIn("teardown boom", cleanup["error"])


if __name__ == "__main__":
    unittest.main()
