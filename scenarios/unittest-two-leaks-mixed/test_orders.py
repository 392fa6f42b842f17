import os
import unittest
from unittest import mock

import orders


class OrderPlacementTests(unittest.TestCase):
    def setUp(self):
        super().setUp()
        patcher = mock.patch("orders.now", return_value="T")
        self.addCleanup(patcher.stop)
        patcher.start()

    def test_1_backorder(self):
        # Leak 1: start() without stop.
        mock.patch.object(orders.InventoryClient, "reserve", return_value=False).start()
        self.assertEqual(orders.place("sku-1", 1), "backorder")

    @mock.patch.object(orders, "warehouse", return_value="north")
    def test_2_decorated_warehouse(self, warehouse):
        # Calls the leaked reserve mock: a victim, but it passes only by luck of the mock's return.
        self.assertEqual(orders.place("sku-2", 20), "backorder")

    def test_3_overflow_warehouse(self):
        # Leak 2: patch.dict on os.environ, started and never stopped.
        mock.patch.dict(os.environ, {"ORDERS_WAREHOUSE": "overflow"}).start()
        self.assertEqual(orders.warehouse(), "overflow")

    def test_4_scoped_env(self):
        with mock.patch.dict(os.environ, {"ORDERS_WAREHOUSE": "east"}):
            self.assertEqual(orders.warehouse(), "east")


class RealOrderTests(unittest.TestCase):
    def test_place_for_real(self):
        # Victim of both leaks: reserve() is still the mock, ORDERS_WAREHOUSE still "overflow".
        self.assertEqual(orders.place("sku-3", 1), "placed at 2030-01-01T00:00:00 from main")

    def test_clock_restored(self):
        self.assertEqual(orders.now(), "2030-01-01T00:00:00")
