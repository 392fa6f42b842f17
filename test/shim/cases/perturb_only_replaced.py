"""Case for perturb-only mode: a library replaces time.sleep with its own after the shim started
(nova's test fixtures do), so only a re-wrap at the test's start can scale the sleep below."""
import select
import time
import unittest

_clock = time.monotonic


def _library_sleep(seconds):
    """A sleep of the library's own, not the shim's wrapper (as eventlet's green sleep would be)."""
    end = _clock() + seconds
    while _clock() < end:
        select.select([], [], [], max(0.0, min(0.01, end - _clock())))


class Replaced(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        time.sleep = _library_sleep

    def test_sleep_decides(self):
        began = time.monotonic()
        time.sleep(0.3)  # DECIDING
        self.assertGreater(time.monotonic() - began, 0.2)
