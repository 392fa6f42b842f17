"""eventlet: the test's greenthread blocks on a green queue while the hub sleeps."""
import eventlet

eventlet.monkey_patch()

import queue  # noqa: E402
import time  # noqa: E402
import unittest  # noqa: E402


class GreenHang(unittest.TestCase):
    def test_a_hangs(self):
        eventlet.spawn(time.sleep, 30)
        queue.Queue().get()

    def test_b_after(self):
        time.sleep(0.05)
        eventlet.sleep(0.05)
