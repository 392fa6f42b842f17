import unittest
from unittest import mock

import catalog


def setUpModule():
    # Leak: started for the whole module, no tearDownModule stops it.
    mock.patch("catalog.load", return_value=[]).start()


class EmptyCatalogTests(unittest.TestCase):
    def test_count_is_zero(self):
        self.assertEqual(catalog.count(), 0)
