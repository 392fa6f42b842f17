"""Failure messages full of hostile markup and secrets; every report format must carry them safely."""
import os
import unittest
from unittest import mock

import notes

# Set at import, after flakescope's shim started: only the shim can see this value.
os.environ["SERVICE_TOKEN"] = "svc-import-7f3a9c2e51d8"

MARKUP = '<script>alert("x")</script> <img src=x onerror=alert(1)> ]]> <![CDATA[ y ]]>'
CONTROL = "\x1b[31mred\x1b[0m \x1b]8;;http://example.invalid\x07link\x1b]8;;\x07 bell\x07 nul-ish\x01"
MARKDOWN = "| a | b | `tick` **bold** [link](http://example.invalid) # heading"


class HostileMessageTests(unittest.TestCase):
    def test_a_markup(self):
        self.fail(MARKUP)

    def test_b_control_chars(self):
        self.fail(CONTROL)

    def test_c_markdown(self):
        self.fail(MARKDOWN)

    def test_d_import_secret(self):
        token = os.environ["SERVICE_TOKEN"]
        self.fail("%s request with Authorization: Bearer %s failed; token=%s raw %s" % (MARKUP, token, token, token))

    def test_e_parent_secret(self):
        # Set in flakescope's own environment by the acceptance test; inherited by this process.
        secret = os.environ.get("DEPLOY_PASSWORD", "unset")
        self.fail("%s parent secret %s" % (MARKDOWN, secret))

    def test_f_leaks_a_patch(self):
        mock.patch("notes.render", return_value="<b>patched</b>").start()
        self.assertEqual(notes.render("x"), "<b>patched</b>")

    def test_g_calls_the_leaked_mock(self):
        self.assertTrue(notes.title("hi"))
