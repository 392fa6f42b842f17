"""The synthetic suite of bench/event-cost.mjs: PAIRS mock.patch enter/exit pairs, then SLEEPS
time.sleep(0) calls, each loop timed from inside the test (start-up and analysis excluded)."""
import json
import os
import time
import unittest
from unittest import mock

PAIRS = int(os.environ.get("BENCH_PAIRS", "1000"))
SLEEPS = int(os.environ.get("BENCH_SLEEPS", "1000"))


class Target:
    value = 1


class TestEvents(unittest.TestCase):
    def test_patch_and_sleep(self):
        started = time.perf_counter()
        for _ in range(PAIRS):
            with mock.patch.object(Target, "value", 2):
                pass
        patched = time.perf_counter()
        for _ in range(SLEEPS):
            time.sleep(0)
        slept = time.perf_counter()
        self.assertEqual(Target.value, 1)
        with open(os.environ["BENCH_TIMES"], "w") as out:
            json.dump({"patch": patched - started, "sleep": slept - patched}, out)
