"""The shim's redaction: secret env values (also ones set after start-up), pairs, headers, URLs."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python-shim"))

from flakescope_shim import redact  # noqa: E402


class Redact(unittest.TestCase):
    def setUp(self):
        self.saved = dict(os.environ)
        self.addCleanup(self.restore)

    def restore(self):
        os.environ.clear()
        os.environ.update(self.saved)

    def test_env_value_set_after_start_is_redacted_wherever_it_appears(self):
        os.environ["SERVICE_TOKEN"] = "svc-late-1234567"
        self.assertEqual(redact.first_lines("AssertionError: got svc-late-1234567!"), "AssertionError: got <redacted>!")

    def test_secret_names_by_word_part(self):
        for name in ["DB_PASSWORD", "apiToken", "GPG_KEY", "AWS_SECRET_ACCESS_KEY", "X_AUTH"]:
            self.assertTrue(redact.is_secret_env_name(name), name)
        for name in ["KEYBOARD_LAYOUT", "MONKEY", "TOKENIZERS_PARALLELISM", "AUTHOR", "PATH"]:
            self.assertFalse(redact.is_secret_env_name(name), name)

    def test_short_and_non_secret_values_are_kept(self):
        os.environ["API_KEY"] = "abc"
        os.environ["HOME_DIR_NAME"] = "visible-value-99"
        self.assertEqual(redact.redact("abc visible-value-99"), "abc visible-value-99")

    def test_longest_secret_first(self):
        os.environ["A_TOKEN"] = "secret-1234"
        os.environ["B_TOKEN"] = "secret-1234-longer"
        self.assertEqual(redact.redact("x secret-1234-longer y"), "x <redacted> y")

    def test_rules_without_env(self):
        text = "password=hunter22 Authorization: Bearer abcdefghijk https://u:pw1234@host/x"
        out = redact.redact(text)
        for secret in ["hunter22", "abcdefghijk", "pw1234"]:
            self.assertNotIn(secret, out)

    def test_truncated_after_redaction(self):
        os.environ["SOME_SECRET"] = "s" * 20
        out = redact.truncate("x" * 490 + "s" * 20, limit=500)
        self.assertNotIn("s" * 10, out)


if __name__ == "__main__":
    unittest.main()
