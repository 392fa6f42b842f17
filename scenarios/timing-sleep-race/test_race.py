"""A worker thread fills a cache; the test waits for it with a sleep instead of join()."""
import threading
import time
import unittest

import cache


class RaceTests(unittest.TestCase):
    def test_refresh_visible(self):
        store = cache.Cache()
        threading.Thread(target=store.refresh, args=(700_000,)).start()
        time.sleep(0.8)  # "long enough" for the refresh: the sleep that decides the outcome
        self.assertEqual(store.value, "fresh")

    def test_report_after_pause(self):
        store = cache.Cache()
        store.refresh(100)
        time.sleep(0.05)  # cosmetic pause before reading: decides nothing
        self.assertEqual(store.value, "fresh")
