import os
import unittest
from unittest import mock

import settings


class SettingsTests(unittest.TestCase):
    def test_a_debug_scoped(self):
        with mock.patch.dict(os.environ, {"SHOP_DEBUG": "1"}):
            self.assertTrue(settings.debug())
        self.assertFalse(settings.debug())

    @mock.patch.dict(os.environ, {"SHOP_DEBUG": "0"})
    def test_b_debug_off_decorated(self):
        self.assertFalse(settings.debug())

    def test_c_staging_mode(self):
        # Leak: os.environ keeps SHOP_MODE=staging after this test.
        mock.patch.dict(os.environ, {"SHOP_MODE": "staging"}).start()
        self.assertEqual(settings.mode(), "staging")

    def test_d_default_mode(self):
        # Fails because of the leak above; patch.dict installs no mock, so no victim is recorded.
        self.assertEqual(settings.mode(), "production")
