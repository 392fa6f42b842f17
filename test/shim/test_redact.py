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

    def test_clues_skip_only_text_no_pattern_matches(self):
        """The patterns run only on text with a clue (or non-ASCII text): the result must be what
        running them on everything gives."""
        os.environ.clear()
        samples = [
            "password=hunter22", "PassWord: 'hunter22'", "pwd=abc", "client_secret=xyz", "API-KEY: k123",
            "accesskey=AKIA1", "Private_Key=pk", "auth_token=t", "credentials: c1", "AUTHORIZATION: Basic dXNlcg==",
            "x-auth-token: tok", "X-Subject-Token=st", "proxy-authorization: p", "see https://user:pw1234@host/x",
            "Bearer abcdefghijk", "bearer  ZZZZZZZZZZ", "plain text without any", "ftp://host/path", "a=b c:d",
            "paſſword=hunter22", "ſecret=abc", "toKen=kelvin", "credentİal=c2", "ünïcode but nothing", "",
        ]
        for text in samples:
            expected = text
            for pattern, repl in redact._compiled():
                expected = pattern.sub(repl, expected)
            self.assertEqual(redact.redact(text), expected, text)

    def test_name_clues_skip_only_names_without_a_secret_part(self):
        names = ["DB_PASSWORD", "apiToken", "GPG_KEY", "X_AUTH", "myCreds", "PATH", "HOME", "LANG", "monkey",
                 "ſecret", "xPassphrase", "keyboard", "LC_ALL", "Author", "aws.secretAccessKey"]
        for name in names:
            expected = any(p.upper() in redact._SECRET_PARTS for p in redact._parts(name) if p)
            self.assertEqual(redact.is_secret_env_name(name), expected, name)

    def test_name_parts_as_the_regular_expressions_split_them(self):
        import random
        import re

        camel, separators = re.compile(r"([a-z0-9])([A-Z])"), re.compile(r"[\s_.\-]+")
        alphabet = "aZ9_.- \t\u00a0\u00e9\u00c9kK"  # separators, ASCII and non-ASCII letters, a no-break space
        rng = random.Random(7)
        names = ["TOX_TESTENV_PASSENV", "aws.secretAccessKey", "x__Y", "_A", "A_", "aBC", "a1B", "aAB", ""]
        names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
        for name in names:
            expected = [p for p in separators.split(camel.sub(r"\1 \2", name)) if p]
            self.assertEqual([p for p in redact._parts(name) if p], expected, repr(name))


if __name__ == "__main__":
    unittest.main()
