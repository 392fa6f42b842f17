"""The suite's own thread pool: test_a makes an executor, fills its 6 workers with jobs that wait
on a module-level event, and never shuts it down; the later tests run beside the 6 workers until
tearDownModule releases them. One finding for the pool, with its count, at the submit line."""
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

_release = threading.Event()


def tearDownModule():
    _release.set()


class FetchTests(unittest.TestCase):
    def test_a_fetches_in_parallel(self):
        pool = ThreadPoolExecutor(max_workers=6)
        futures = [pool.submit(_release.wait) for _ in range(6)]
        self.assertEqual(len(futures), 6)

    def test_b_parses(self):
        self.assertEqual(int("6"), 6)

    def test_c_formats(self):
        self.assertEqual("%d" % 6, "6")


if __name__ == "__main__":
    unittest.main()
