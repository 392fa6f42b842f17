import os
import unittest
from unittest import mock

import ledger


class LeakyLedgerTests(unittest.TestCase):
    def test_1_store_leak(self):
        mock.patch.object(ledger.Store, "save", return_value="fake").start()
        self.assertEqual(ledger.record("a"), "fake EUR")

    def test_2_env_leak(self):
        mock.patch.dict(os.environ, {"LEDGER_CURRENCY": "USD"}).start()
        self.assertEqual(ledger.currency(), "USD")

    def test_3_scoped(self):
        with mock.patch.object(ledger, "currency", return_value="GBP"):
            self.assertEqual(ledger.currency(), "GBP")

    def test_4_record_for_real(self):
        self.assertEqual(ledger.record("b"), "saved:b EUR")
