"""The hot events' lines (sleeps, patches), formatted at the flush from raw values, are JSON that
reads back as the values given: "actual" in seconds although written as nanoseconds with an exponent.
So are the boundary lines (test-start, test-end, snapshot), written as text rather than encoded dicts."""
import json
import sys
import unittest
from unittest import mock

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import execution, fold, jsontext, snapshot, writer  # noqa: E402
from flakescope_shim.hooks import patch, sleep  # noqa: E402
from flakescope_shim.records import PatchStartLine, PatchStopLine, SleepLine  # noqa: E402

TEST = jsontext.text("pkg.test_x.T.test_y")
SITE = jsontext.encode({"file": "tests/test_x.py", "line": 193, "function": "test_y"})


class HotLines(unittest.TestCase):
    def test_sleep_line(self):
        started = 1_671_082_250_697
        for requested, elapsed, scale in ((0, 75_123, None), (1.5, 1_500_200_300, None), (2, 1_000_000_001, 0.5)):
            with self.subTest(requested=requested):
                line = sleep._sleep_line(SleepLine(sleep._sleep_line, TEST, jsontext.text("time.sleep"), requested, scale, SITE, started, started + elapsed, 140234234234))
                event = json.loads(line)
                self.assertEqual(event["actual"], elapsed / 1e9)
                self.assertEqual(event["requested"], requested)
                self.assertEqual(event.get("scale"), scale)
                self.assertEqual((event["t"], event["tid"], event["test"]), (started + elapsed, 140234234234, "pkg.test_x.T.test_y"))
                self.assertEqual(event["site"]["line"], 193)

    def test_patch_lines(self):
        start = json.loads(patch._start_line(PatchStartLine(patch._start_line, TEST, 7, jsontext.text("pkg.Target.value"), jsontext.text("mock.patch.object"),
                                               jsontext.text("context"), '{"scope":"test","id":"x"}', SITE, "", 5, 42)))
        stop = json.loads(patch._stop_line(PatchStopLine(patch._stop_line, TEST, 7, jsontext.text("exit"), SITE, 6, 42)))
        self.assertEqual((start["id"], start["target"], start["t"], start["tid"]), ("p7", "pkg.Target.value", 5, 42))
        self.assertEqual((stop["id"], stop["how"], stop["t"], stop["tid"]), ("p7", "exit", 6, 42))

    def test_fold_lines(self):
        sleeps = fold.SleepFold(75_000, 0.5, 100, 75_100)
        for duration in (25_000, 125_000):
            sleeps.calls += 1
            sleeps.actual += duration
            sleeps.low, sleeps.high = min(sleeps.low, duration), max(sleeps.high, duration)
            sleeps.requested += 0.5
        event = json.loads(fold._sleep_line((TEST, jsontext.text("time.sleep"), SITE, 42, 0.5), sleeps))
        self.assertEqual((event["ev"], event["calls"], event["requested"], event["scale"], event["tid"]), ("sleep-fold", 3, 1.5, 0.5, 42))
        self.assertEqual((event["actual"], event["min"], event["max"], event["first"], event["t"]), (225e-6, 25e-6, 125e-6, 100, 75_100))
        pairs = fold.PairFold(5, 9, 2, 42)
        form = (TEST, jsontext.text("os.environ"), jsontext.text("mock.patch.dict"), jsontext.text("context"), '{"scope":"test","id":"x"}', SITE, ',"keys":["X"]')
        event = json.loads(fold._pair_line((form, (jsontext.text("exit"), SITE)), pairs))
        self.assertEqual((event["ev"], event["count"], event["calls"], event["keys"], event["stopHow"], event["stopSite"]["line"], event["first"], event["t"]),
                         ("patch-fold", 1, 2, ["X"], "exit", 193, 5, 9))


    def _written(self, write):
        """The lines `write` appends through the writer, with the kind each was appended as."""
        lines = []
        with mock.patch.object(writer, "enabled", return_value=True), \
                mock.patch.object(writer, "append", side_effect=lambda line, ev, now: lines.append((json.loads(line), ev, now))):
            write()
        return lines

    def test_boundary_lines(self):
        site = {"file": "tests/test_x.py", "line": 12, "function": "test_y"}
        planned = [{"file": "tests/test_x.py", "line": 14}]
        (start, ev, now), = self._written(lambda: execution._write_start("pkg.T.test_y", "unittest", site, planned))
        self.assertEqual((start["ev"], start["test"], start["runner"], start["site"], start["perturbation"], start["t"], ev),
                         ("test-start", "pkg.T.test_y", "unittest", site, {"sleepSites": planned}, now, "test-start"))
        (bare, _, _), = self._written(lambda: execution._write_start("pkg.T.test_z", "pytest", None, []))
        self.assertNotIn("site", bare)
        self.assertNotIn("perturbation", bare)
        message = 'AssertionError: "a" != \'b\'\n\ttab \u00e9'
        (end, ev, _), = self._written(lambda: execution._write_end("pkg.T.test_y", 250000, "failed", message))
        self.assertEqual((end["ev"], end["test"], end["outcome"], end["duration"], end["message"], ev),
                         ("test-end", "pkg.T.test_y", "failed", 0.25, message, "test-end"))
        (passed, _, _), = self._written(lambda: execution._write_end("pkg.T.test_y", 1, "passed", None))
        self.assertEqual((passed["duration"], "message" in passed), (1e-06, False))
        (instant, _, _), = self._written(lambda: execution._write_end("pkg.T.test_y", 0, "passed", None))
        self.assertEqual(instant["duration"], 0)

    def test_snapshot_lines(self):
        again = [{"target": "os.environ[LANG]", "site": {"file": "t.py", "line": 3, "function": "f"}}]
        (snap, ev, _), = self._written(lambda: snapshot._write_snapshot("scope-end", "pkg.T", {"threads": 2, "fds": 5}, again))
        self.assertEqual((snap["ev"], snap["at"], snap["id"], snap["threads"], snap["fds"], snap["reapplied"], ev),
                         ("snapshot", "scope-end", "pkg.T", 2, 5, again, "snapshot"))
        # At exit: no flush of its own (the exit flush follows), so it is not appended as a snapshot.
        (last, ev, _), = self._written(lambda: snapshot._write_snapshot("exit", None, {"threads": 0, "fds": 0}, []))
        self.assertEqual((last["at"], last["id"], "reapplied" in last, ev), ("exit", None, False, None))


if __name__ == "__main__":
    unittest.main()
