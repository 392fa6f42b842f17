"""A leaked patch whose mock is spec'd by an int: its __class__ says int, yet it is a mock."""
import unittest
from unittest import mock


class Target:
    value = 1


class Specced(unittest.TestCase):
    def test_a_leaks(self):
        mock.patch.object(Target, "value", spec=True).start()

    def test_b_victim(self):
        Target.value.bit_length()
