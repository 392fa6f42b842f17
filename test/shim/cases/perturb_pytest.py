"""pytest twin of perturb_unittest: a sleep, a hang, classes whose order is observable."""
import queue
import time


def test_sleeps():
    time.sleep(0.2)


def test_hangs():
    queue.Queue().get()


def test_after_hang():
    pass


class TestFirst:
    def test_a(self):
        pass

    def test_b(self):
        pass


class TestSecond:
    def test_c(self):
        pass

    def test_d(self):
        pass
