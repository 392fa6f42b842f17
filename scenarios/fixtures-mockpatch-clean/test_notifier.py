import unittest

import fixtures
import testtools

import notifier


class NotifierTests(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.send = self.useFixture(fixtures.MockPatch("notifier.smtp_send", return_value=True)).mock

    def test_notify_uses_mock(self):
        self.assertTrue(notifier.notify("a@b.c"))
        self.send.assert_called_once_with("a@b.c", "from ops@example.org")

    def test_patch_object(self):
        self.useFixture(fixtures.MockPatchObject(notifier.Pager, "retries", 0))
        self.assertEqual(notifier.Pager.retries, 0)

    def test_monkey_patch(self):
        self.useFixture(fixtures.MonkeyPatch("notifier.SENDER", "test@example.org"))
        self.assertEqual(notifier.SENDER, "test@example.org")


class RealNotifierTests(unittest.TestCase):
    def test_originals_restored(self):
        # Runs after NotifierTests: every fixture was cleaned up by useFixture.
        self.assertEqual(notifier.SENDER, "ops@example.org")
        self.assertEqual(notifier.Pager.retries, 3)
        with self.assertRaises(ConnectionError):
            notifier.notify("a@b.c")
