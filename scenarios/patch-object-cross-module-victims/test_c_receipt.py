import unittest

import payments


class ReceiptTests(unittest.TestCase):
    def test_receipt_amount(self):
        # Victim in a third module: charge() is still the mock.
        result = payments.Gateway().charge(42)
        self.assertEqual(result.get("amount"), 42)
