"""A test that leaks a patch of os.getcwd: the shim's own snapshot must not read the mock."""
import unittest
from unittest import mock


class PatchesOs(unittest.TestCase):
    def test_a_leaks_a_getcwd_patch(self):
        mock.patch("os.getcwd", return_value="/").start()

    def test_b_after(self):
        pass
