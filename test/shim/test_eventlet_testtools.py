import os
import unittest

from shimrun import DEBIAN_PYTHON, has_module, of, run

NOVA_TEST = "nova.tests.functional.regressions.test_bug_1896463"
NOVA_FILE = "test_bug_1896463.py"


@unittest.skipUnless(has_module(DEBIAN_PYTHON, "eventlet") and has_module(DEBIAN_PYTHON, "testtools"),
                     "needs eventlet and testtools for %s" % DEBIAN_PYTHON)
class EventletTesttools(unittest.TestCase):
    def test_one_event_per_sleep_after_monkey_patch(self):
        proc, events, _ = run([DEBIAN_PYTHON, "-m", "testtools.run", "green_case"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([e["outcome"] for e in of(events, "test-end")], ["passed"])
        sleeps = [(e["api"], e["requested"], e["site"]["line"]) for e in of(events, "sleep")
                  if e["site"]["file"] == "green_case.py"]
        # The pool's three time.sleep calls run in greenthreads: their site is the spawn line's
        # callee frame, so only count them; the two direct sleeps are exact.
        self.assertEqual(sorted(s for s in sleeps if s[2] in (22, 23)),
                         [("eventlet.sleep", 0.01, 22), ("time.sleep", 0.02, 23)])
        fixtures_patches = of(events, "patch-start", via="fixtures.MockPatch")
        self.assertEqual([(p["target"], p["how"], p["site"]["line"]) for p in fixtures_patches],
                         [("os.getcwd", "fixture", 14)])
        self.assertEqual(of(events, "patch-stop", id=fixtures_patches[0]["id"])[0]["how"], "cleanup")
        monkey = of(events, "patch-start", via="fixtures.MonkeyPatch")[0]
        self.assertEqual((monkey["target"], monkey["site"]["line"]), ("os.sep", 15))
        self.assertEqual(len(of(events, "patch-stop", id=monkey["id"])), 1)
        self.assertEqual(of(events, "internal-error"), [])


@unittest.skipUnless(has_module(DEBIAN_PYTHON, NOVA_TEST.rsplit(".", 1)[0]) and
                     os.path.exists("/usr/lib/python3/dist-packages/etc/nova/api-paste.ini"), "nova not set up")
class Nova(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.events, _ = run([DEBIAN_PYTHON, "-m", "testtools.run", NOVA_TEST], cwd="/tmp")

    def _in_file(self, ev, **match):
        return [e for e in of(self.events, ev, **match) if e.get("site", {}).get("file", "").endswith(NOVA_FILE)]

    def test_passed(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-2000:])
        self.assertEqual([e["outcome"] for e in of(self.events, "test-end")], ["passed"])
        self.assertEqual(of(self.events, "internal-error"), [])

    def test_sleeps_after_monkey_patch(self):
        sleeps = self._in_file("sleep")
        by_line = {}
        for s in sleeps:
            by_line.setdefault(s["site"]["line"], []).append(s)
        self.assertTrue(all(s["api"] == "time.sleep" and s["actual"] >= 1.0 for s in by_line[193]))
        self.assertTrue(all(s["actual"] >= 2.0 for s in by_line[204]))

    def test_patches_stopped(self):
        patches = {p["target"]: p for p in self._in_file("patch-start")}
        drop = patches["nova.objects.instance.Instance.drop_migration_context"]
        get = patches["nova.objects.migration.MigrationList.get_in_progress_and_error"]
        self.assertTrue(196 <= drop["site"]["line"] <= 199)
        self.assertTrue(207 <= get["site"]["line"] <= 211)
        for p in (drop, get):
            self.assertEqual(p["via"], "fixtures.MockPatch")
            self.assertEqual(of(self.events, "patch-stop", id=p["id"])[0]["how"], "cleanup")

    def test_fixtures_cleaned_up(self):
        setups = {f["fixture"]: f for f in self._in_file("fixture-setup", kind="fixtures")}
        for name, line in (("NeutronFixture", 47), ("GlanceFixture", 48), ("PlacementFixture", 49)):
            self.assertEqual(setups[name]["site"]["line"], line)
            self.assertEqual(len(of(self.events, "fixture-cleanup", id=setups[name]["id"])), 1)


if __name__ == "__main__":
    unittest.main()
