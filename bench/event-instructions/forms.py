"""The loop bench/event-instructions.mjs counts instructions of: FORM repeated N times after a warm-up
of WARMUP, so caches are filled and the difference between two N is the steady cost per repetition."""
import os
import time
import unittest
from unittest import mock

N = int(os.environ.get("N", "0"))
FORM = os.environ["FORM"]
WARMUP = 200


class Target:
    value = 1


@mock.patch.object(Target, "value", 2)
def decorated():
    pass


def with_statement():
    with mock.patch.object(Target, "value", 2):
        pass


def start_stop():
    patcher = mock.patch.object(Target, "value", 2)
    patcher.start()
    patcher.stop()


def magic_mock():
    with mock.patch("os.getcwd"):
        pass


def sleep():
    time.sleep(0)


class Empty(unittest.TestCase):
    def test(self):
        pass


def empty_test():
    """One test execution with nothing in it: what the boundaries cost (test-start, test-end, two snapshots)."""
    Empty("test").run(unittest.TestResult())


FORMS = {"test": empty_test, "with": with_statement, "start-stop": start_stop, "decorator": decorated, "magicmock": magic_mock, "sleep": sleep}


def repeat(count):
    form = FORMS[FORM]
    for _ in range(count):
        form()


repeat(WARMUP)
repeat(N)
