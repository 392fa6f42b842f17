import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

_release = threading.Event()


class Stopping(unittest.TestCase):
    def test_a_shut_down_while_busy(self):
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stopping")
        executor.submit(time.sleep, 0.2)
        executor.shutdown(wait=False)  # as asyncio's loop.close() does with its default executor

    def test_b_left_running(self):
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="running")
        executor.submit(_release.wait)
        self.__class__.kept = executor

    def test_c_later(self):
        pass


def tearDownModule():
    _release.set()
    Stopping.kept.shutdown()
