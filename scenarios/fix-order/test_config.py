import unittest

import config


class ConfigTests(unittest.TestCase):
    def test_a_mode_is_prod(self):
        # Fails after test_b_switch_to_debug unless test_c_reset_then_check ran in between.
        self.assertEqual(config.mode, "prod")

    def test_b_switch_to_debug(self):
        config.mode = "debug"
        self.assertEqual(config.mode, "debug")

    def test_c_reset_then_check(self):
        config.reset()
        self.assertEqual(config.mode, "prod")
