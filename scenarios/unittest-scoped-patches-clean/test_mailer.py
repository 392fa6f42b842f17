import os
import unittest
from unittest import mock

import mailer


class ScopedPatchTests(unittest.TestCase):
    def test_add_cleanup(self):
        patcher = mock.patch("mailer.render", return_value="HI")
        self.addCleanup(patcher.stop)
        patcher.start()
        self.assertEqual(mailer.render("hi"), "HI")

    def test_context_manager(self):
        with mock.patch.object(mailer.Transport, "send", return_value="queued") as send:
            self.assertEqual(mailer.deliver("a@b.c", "hi"), "queued")
        send.assert_called_once()

    @mock.patch("mailer.render")
    def test_decorator(self, render):
        render.return_value = "X"
        self.assertEqual(mailer.render("y"), "X")

    @mock.patch.object(mailer, "RETRIES", 0)
    def test_decorated_attribute(self):
        self.assertEqual(mailer.RETRIES, 0)

    def test_patch_multiple(self):
        with mock.patch.multiple("mailer", RETRIES=9, render=mock.DEFAULT):
            self.assertEqual(mailer.RETRIES, 9)

    @mock.patch.dict(os.environ, {"MAILER_FROM": "test@example.org"})
    def test_environ_decorated(self):
        self.assertEqual(mailer.sender(), "test@example.org")

    def test_stopall_cleanup(self):
        self.addCleanup(mock.patch.stopall)
        mock.patch("mailer.render", return_value="SWEPT").start()
        self.assertEqual(mailer.render("z"), "SWEPT")


class UnpatchedAfterwardsTests(unittest.TestCase):
    def test_everything_restored(self):
        self.assertEqual(mailer.render("hi"), "HI")
        self.assertEqual(mailer.deliver("a@b.c", "hi"), "sent")
        self.assertEqual(mailer.RETRIES, 3)
        self.assertEqual(mailer.sender(), os.environ.get("MAILER_FROM", "noreply@example.org"))
