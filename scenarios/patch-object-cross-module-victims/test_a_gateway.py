import unittest
from unittest import mock

import payments


class DeclinedCardTests(unittest.TestCase):
    def test_declined(self):
        # Leak: the class attribute stays a mock for every later module.
        mock.patch.object(payments.Gateway, "charge", return_value={"status": "declined"}).start()
        self.assertEqual(payments.checkout(10), "declined")

    def test_refund_scoped(self):
        with mock.patch.object(payments.Gateway, "refund", return_value={"status": "held"}):
            self.assertEqual(payments.Gateway().refund(5)["status"], "held")
