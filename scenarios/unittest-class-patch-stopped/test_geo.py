import unittest
from unittest import mock

import geo

_module_patcher = mock.patch("geo.timezone_of", return_value="Europe/Paris")


def setUpModule():
    _module_patcher.start()


def tearDownModule():
    _module_patcher.stop()


class PatchedLookupTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patcher = mock.patch("geo.lookup", return_value={"city": "Lyon", "country": "FR"})
        cls.lookup = cls.patcher.start()

    @classmethod
    def tearDownClass(cls):
        cls.patcher.stop()
        super().tearDownClass()

    def test_country(self):
        self.assertEqual(geo.country_of("Lyon"), "FR")

    def test_timezone_from_module_patch(self):
        self.assertEqual(geo.timezone_of("Lyon"), "Europe/Paris")


class RealLookupTests(unittest.TestCase):
    def test_country_unpatched(self):
        # The class-level patch was stopped in tearDownClass: the real lookup is back.
        self.assertEqual(geo.country_of("Lyon"), "unknown")
