import os
import time
import unittest
from unittest import mock


class Leaky(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.class_patch = mock.patch("os.getcwd", return_value="/x")
        cls.class_patch.start()

    @classmethod
    def tearDownClass(cls):
        cls.class_patch.stop()

    def test_a_leaks(self):
        mock.patch("os.path.exists").start()
        time.sleep(0.01)

    def test_b_victim(self):
        os.path.exists("/nope")

    @mock.patch.dict(os.environ, {"FLAKESCOPE_CASE": "1"})
    def test_c_decorated(self):
        with mock.patch.object(os.path, "isdir") as isdir:
            isdir("x")
        p = mock.patch("os.listdir")
        p.start()
        self.addCleanup(p.stop)

    def test_d_fails(self):
        self.assertEqual(1, 2)

    @unittest.skip("because")
    def test_e_skipped(self):
        pass

    @unittest.expectedFailure
    def test_f_xfail(self):
        self.fail("expected")

    @unittest.expectedFailure
    def test_g_xpass(self):
        pass

    def test_h_self_kwarg(self):
        m = mock.Mock()
        m(self=1)
        self.addCleanup(lambda **kw: None, self=1, function=2)


class Later(unittest.TestCase):
    def test_stopall(self):
        mock.patch("os.getpid").start()
        mock.patch.stopall()
