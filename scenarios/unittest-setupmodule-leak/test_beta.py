import unittest

import catalog


class FullCatalogTests(unittest.TestCase):
    def test_count(self):
        # Victim: test_alpha's module patch is still active.
        self.assertEqual(catalog.count(), 3)

    def test_name(self):
        self.assertEqual(catalog.__name__, "catalog")
