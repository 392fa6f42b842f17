import unittest

import payments


class CheckoutTests(unittest.TestCase):
    def test_checkout_ok(self):
        # Victim: checkout() calls the leaked Gateway.charge mock.
        self.assertEqual(payments.checkout(10), "ok")

    def test_refund_real(self):
        self.assertEqual(payments.Gateway().refund(5)["status"], "refunded")
