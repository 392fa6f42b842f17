"""A thread-switch race with no sleep: two threads add to a shared counter with a read, some work and
a write. With the default 5 ms switch interval a thread nearly always finishes its short loop before
the interpreter switches; at a 1 us switch interval the updates interleave and some are lost."""
import threading
import unittest


class Counter:
    def __init__(self):
        self.value = 0

    def add(self, n, start=None):
        if start is not None:
            start.wait()  # both threads begin together, so neither finishes before the other starts
        for _ in range(n):
            current = self.value
            current += sum((1, 0, 0))  # a little work between the read and the write
            self.value = current


class CounterTests(unittest.TestCase):
    def test_parallel_adds(self):
        counter = Counter()
        start = threading.Barrier(2)
        workers = [threading.Thread(target=counter.add, args=(2000, start)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        self.assertEqual(counter.value, 4000)

    def test_single_add(self):
        counter = Counter()
        counter.add(100)
        self.assertEqual(counter.value, 100)
