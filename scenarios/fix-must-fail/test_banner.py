import unittest
from unittest import mock

import net


class BannerTests(unittest.TestCase):
    def test_a_offline_banner(self):
        # Leak: started and never stopped.
        mock.patch("net.online", return_value=False).start()
        self.assertEqual(net.banner(), "offline")

    def test_b_banner_still_offline(self):
        # Written while test_a's leak was in place: it passes only because the patch outlives test_a,
        # so stopping the patch makes it fail. The fix must be reported as failed, not applied.
        self.assertEqual(net.banner(), "offline")
