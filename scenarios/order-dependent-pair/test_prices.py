"""test_b_switch_currency pollutes settings.currency; test_a_price_label fails only after it."""
import unittest

import settings


def label(amount):
    return "%d %s" % (amount, settings.currency)


class PriceTests(unittest.TestCase):
    def test_a_price_label(self):
        self.assertEqual(label(5), "5 EUR")

    def test_b_switch_currency(self):
        settings.currency = "USD"
        self.assertEqual(label(5), "5 USD")

    def test_c_amount_only(self):
        self.assertTrue(label(7).startswith("7 "))
