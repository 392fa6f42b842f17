"""A worker thread sleeps a little before it publishes its result; the test sleeps a little longer
and then asserts. Both sleeps are short: scaling them all to 0 at once leaves the race to chance."""
import threading
import time
import unittest


class ResultTests(unittest.TestCase):
    def test_result_ready(self):
        box = {}

        def worker():
            time.sleep(0.01)  # the worker's own delay before it publishes
            box["result"] = 42

        threading.Thread(target=worker).start()
        time.sleep(0.1)  # "long enough" for the worker instead of join(): decides the outcome
        self.assertEqual(box.get("result"), 42)

    def test_label_after_pause(self):
        label = "%d items" % 3
        time.sleep(0.02)  # a cosmetic pause: decides nothing
        self.assertEqual(label, "3 items")
