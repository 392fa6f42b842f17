"""Many small tests, each writing several trace events (patch start/stop, sleeps, test boundaries)."""
import os
import time
import unittest
from unittest import mock


def make_test(i):
    def test(self):
        with mock.patch("os.getcwd", return_value="/t%d" % i):
            self.assertEqual(os.getcwd(), "/t%d" % i)
        patcher = mock.patch.object(time, "monotonic", return_value=float(i))
        patcher.start()
        time.sleep(0)
        patcher.stop()
        time.sleep(0)

    return test


class Busy(unittest.TestCase):
    pass


for _i in range(60):
    setattr(Busy, "test_%02d" % _i, make_test(_i))
