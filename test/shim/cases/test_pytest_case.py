import os
import time
import unittest
from unittest import mock

import pytest


@pytest.fixture(scope="module")
def module_patch():
    p = mock.patch("os.getpid", return_value=1)
    p.start()
    yield
    p.stop()


@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("teardown boom")


def test_monkeypatch(monkeypatch, module_patch):
    monkeypatch.setenv("FLAKESCOPE_CASE", "1")
    monkeypatch.setattr(os, "getcwd", lambda: "/")
    time.sleep(0.01)


def test_fails():
    assert 1 == 2


def test_teardown_error(broken_teardown):
    pass


class TestUnit(unittest.TestCase):
    def test_unit(self):
        pass
