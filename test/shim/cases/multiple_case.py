import os
import unittest
from unittest import mock


class Multiple(unittest.TestCase):
    def test_context(self):
        with mock.patch.multiple(os, getcwd=mock.DEFAULT, getpid=mock.DEFAULT):
            os.getcwd()

    def test_start_stop(self):
        patcher = mock.patch.multiple("os.path", isdir=mock.DEFAULT, isfile=mock.DEFAULT)
        patcher.start()
        patcher.stop()
