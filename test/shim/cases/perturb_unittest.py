"""Case for the perturbation tests: sleeps at known lines, a hang, order-observable classes."""
import asyncio
import os
import queue
import sys
import threading
import time
import unittest


class Sleeps(unittest.TestCase):
    def test_a_sleeps(self):
        time.sleep(0.2)
        time.sleep(0.1)
        asyncio.run(asyncio.sleep(0.2))
        time.sleep(0)

    def test_b_hangs(self):
        worker = threading.Thread(target=time.sleep, args=(5,), name="case-worker", daemon=True)
        worker.start()
        queue.Queue().get()

    def test_c_after_hang(self):
        self.assertAlmostEqual(sys.getswitchinterval(), float(os.environ.get("CASE_SWITCH", "0.005")), places=7)


class Second(unittest.TestCase):
    calls = 0

    @classmethod
    def setUpClass(cls):
        Second.calls += 1

    def test_x(self):
        self.assertEqual(Second.calls, 1)

    def test_y(self):
        self.assertEqual(Second.calls, 1)

    def test_z(self):
        self.assertEqual(Second.calls, 1)
