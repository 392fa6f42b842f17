import unittest
from unittest import mock

import pricing


class PricingTests(unittest.TestCase):
    def test_a_half_price(self):
        # Leak: started, never stopped by this test.
        mock.patch("pricing.discount", return_value=0.5).start()
        self.assertEqual(pricing.final_price(100), 50)

    def test_b_full_price(self):
        # Victim: still sees the 50% discount mock.
        self.assertEqual(pricing.final_price(100), 100)

    def test_c_stopall_in_cleanup(self):
        # Its own patch is scoped by addCleanup(stopall); the sweep also stops test_a's leak,
        # which stays a finding because it outlived test_a.
        self.addCleanup(mock.patch.stopall)
        mock.patch("pricing.tax", return_value=0).start()
        self.assertEqual(pricing.tax(100), 0)

    def test_d_after_sweep(self):
        self.assertEqual(pricing.final_price(100), 100)
