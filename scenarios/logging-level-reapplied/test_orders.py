"""Every test's setUp sets the "orders" logger to DEBUG and never puts it back (as nova's logging
fixture does with the root logger): every test sets the same value at the same line, so the value
left behind is not one test's leak. One test, though, quietens the "billing" logger once and leaves
it so for the tests after it: that one is a leak."""
import logging
import unittest


class OrderTests(unittest.TestCase):
    def setUp(self):
        logging.getLogger("orders").setLevel(logging.DEBUG)

    def test_a_places(self):
        logging.getLogger("orders").debug("placing")

    def test_b_quietens_billing(self):
        logging.getLogger("billing").setLevel(logging.ERROR)

    def test_c_cancels(self):
        logging.getLogger("orders").debug("cancelling")

    def test_d_bills(self):
        self.assertEqual(logging.getLogger("billing").getEffectiveLevel(), logging.ERROR)


if __name__ == "__main__":
    unittest.main()
