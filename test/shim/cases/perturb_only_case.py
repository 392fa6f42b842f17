"""Case for perturb-only mode (no trace dir): a sleep whose length decides, hangs, order-observable tests."""
import queue
import sys
import time
import unittest

ran = []


class Timing(unittest.TestCase):
    def test_sleep_decides(self):
        began = time.monotonic()
        time.sleep(0.3)  # DECIDING: scaled to 0 the assertion fails
        time.sleep(0.01)
        self.assertGreater(time.monotonic() - began, 0.2)

    def test_hangs(self):
        queue.Queue().get()

    def test_swallows_the_interrupt(self):
        while True:
            try:
                time.sleep(60)
            except BaseException:
                pass

    def test_shim_loaded(self):
        print("loaded=%s" % ("flakescope_shim" in sys.modules), file=sys.stderr)


class Order(unittest.TestCase):
    def test_1(self):
        ran.append(1)

    def test_2(self):
        self.assertEqual(ran, [], "test_2 must run first")
