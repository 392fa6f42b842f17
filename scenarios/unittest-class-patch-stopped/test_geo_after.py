import unittest

import geo


class AfterModuleTests(unittest.TestCase):
    def test_timezone_unpatched(self):
        # tearDownModule of test_geo stopped its patch before this module ran.
        self.assertEqual(geo.timezone_of("Lyon"), "UTC")
