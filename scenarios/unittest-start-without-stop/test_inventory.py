import unittest
from unittest import mock

import inventory


class InventoryTests(unittest.TestCase):
    def test_a_empty_shelf(self):
        # Leak: the patcher is started and never stopped.
        mock.patch("inventory.stock_level", return_value=0).start()
        self.assertTrue(inventory.reorder_needed("apple"))

    def test_b_supplier_scoped(self):
        with mock.patch("inventory.supplier_name", return_value="other"):
            self.assertEqual(inventory.supplier_name("apple"), "other")
        self.assertEqual(inventory.supplier_name("apple"), "acme")

    def test_c_apple_in_stock(self):
        # Victim: reorder_needed calls the mock test_a left behind.
        self.assertFalse(inventory.reorder_needed("apple"))

    def test_d_pear_count(self):
        self.assertEqual(inventory.STOCK["pear"], 0)
