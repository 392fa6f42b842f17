"""A reply that one run in three never arrives, and a test after it that must still run."""
import queue
import random
import threading
import time
import unittest


def server(replies, rng):
    if rng.random() >= 1 / 3:
        replies.put("pong")


class RpcTests(unittest.TestCase):
    def test_a_ping(self):
        replies = queue.Queue()
        threading.Thread(target=server, args=(replies, random.Random(time.time_ns())), daemon=True).start()
        self.assertEqual(replies.get(), "pong")

    def test_b_after_ping(self):
        self.assertEqual(queue.Queue(maxsize=1).maxsize, 1)
