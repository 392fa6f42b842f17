import os
import unittest
from unittest import mock

import shop


def setUpModule():
    # Leak: a module-scoped patch and no tearDownModule.
    mock.patch("shop.region", return_value="eu").start()


class CartTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Leak: a class-scoped patch and no tearDownClass.
        cls.clock = mock.patch("shop.now", return_value="T0").start()

    def setUp(self):
        # Leak: a named patcher started in setUp, never stopped.
        self.stock = mock.patch.object(shop, "in_stock", return_value=True)
        self.stock.start()

    def test_a_total_with_discount(self):
        # Leak: start() without stop.
        mock.patch("shop.discount", return_value=0.5).start()
        self.assertEqual(shop.total(100), 50)

    def test_b_currency_from_env(self):
        # Leak: patch.dict(os.environ).start() without stop.
        mock.patch.dict(os.environ, {"SHOP_CURRENCY": "EUR"}).start()
        self.assertEqual(shop.currency(), "EUR")

    def test_c_scoped_discount(self):
        with mock.patch("shop.discount", return_value=0.1):
            self.assertEqual(shop.total(100), 90)
