"""The shim's redaction beyond the shared cases (test_redaction_cases.py): env values set after
start-up, what its shortcuts skip, and how it splits names without re."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python-shim"))

from flakescope_shim import redact  # noqa: E402

import shimrun  # noqa: E402


class Redact(unittest.TestCase):
    def setUp(self):
        self.saved = dict(os.environ)
        self.addCleanup(self.restore)

    def restore(self):
        os.environ.clear()
        os.environ.update(self.saved)

    def test_env_value_set_after_start_is_redacted_wherever_it_appears(self):
        os.environ["SERVICE_TOKEN"] = "svc-late-1234567"
        self.assertEqual(redact.first_lines("AssertionError: got svc-late-1234567!"), "AssertionError: got [REDACTED]!")

    def test_an_env_value_seen_once_stays_secret_after_its_variable_is_gone(self):
        os.environ["LATE_PASSWORD"] = "gone-but-secret-99"
        redact.known_secrets()
        del os.environ["LATE_PASSWORD"]
        self.assertEqual(redact.redact("x gone-but-secret-99"), "x [REDACTED]")

    def test_a_test_that_replaces_os_environ_with_a_mock_sees_only_its_own_calls(self):
        # Every flush looks for secret env values: through the environ captured at start, never os.environ.
        code = ("import os, time\nfrom unittest import mock\nwith mock.patch('os.environ') as env:\n"
                "    os.environ.get('A'); time.sleep(0); time.sleep(0.12); time.sleep(0)\n    print(env.mock_calls)")
        proc, events, _ = shimrun.run([shimrun.PY, "-c", code])
        self.assertEqual(proc.stdout.strip(), "[call.get('A')]", proc.stderr)
        self.assertEqual(len(shimrun.of(events, "sleep")), 3)

    def test_truncated_after_redaction(self):
        os.environ["SOME_SECRET"] = "s" * 20
        out = redact.truncate("x" * 490 + "s" * 20, limit=500)
        self.assertNotIn("s" * 10, out)

    def test_clues_skip_only_text_no_pattern_matches(self):
        """The rules run only on text with ':', '=' or bearer and a clue: the result must be what running
        them on everything gives."""
        samples = [
            "password=hunter22", "PassWord: 'hunter22'", "pwd=abc", "client_secret=xyz", "API-KEY: k123",
            "accesskey=AKIA1", "Private_Key=pk", "auth_token=t", "credentials: c1", "AUTHORIZATION: Basic dXNlcg==",
            "x-auth-token: tok", "X-Subject-Token=st", "proxy-authorization: p", "see https://user:pw1234@host/x",
            "Bearer abcdefghijk", "bearer  ZZZZZZZZZZ", "plain text without any", "ftp://host/path", "a=b c:d",
            "paſſword=hunter22", "ſecret=abc", "toKen=kelvin", "credentİal=c2", "ünïcode but nothing", "",
            "Cookie: a=b", "SESSION=abc", "jsessionid=x", "İsession=x", "K\u212aey=x", "sessid: 1",
            "AKIAIOSFODNN7EXAMPLE", "x eyJabcdefghi.eyJabcdefghi.abcdefghi y", "xoxb-1234567890-abc", "API key: k",
            "sk_test_abcdefghijklmnop1234", "AIza" + "x" * 35, "ghs_" + "a" * 36,
        ]
        for text in samples:
            self.assertEqual(redact.redact_rules(text), redact._rules_on(text), text)

    def test_name_clues_skip_only_names_without_a_secret_part(self):
        names = ["DB_PASSWORD", "apiToken", "GPG_KEY", "X_AUTH", "myCreds", "PATH", "HOME", "LANG", "monkey",
                 "ſecret", "xPassphrase", "keyboard", "LC_ALL", "Author", "aws.secretAccessKey"]
        for name in names:
            expected = any(p in redact._SECRET_PARTS for p in redact._parts(name))
            self.assertEqual(redact.is_secret_env_name(name), expected, name)

    def test_name_parts_as_the_regular_expressions_split_them(self):
        import random
        import re

        camel = re.compile(r"([a-z0-9])([A-Z])")
        separators = re.compile("[" + redact.WHITESPACE + r"_.\-]+")
        alphabet = "aZ9_.- \t\u00a0\u00e9\u00c9kK\u2003\x1c"  # separators, ASCII and non-ASCII letters, spaces JS knows and not
        rng = random.Random(7)
        names = ["TOX_TESTENV_PASSENV", "aws.secretAccessKey", "x__Y", "_A", "A_", "aBC", "a1B", "aAB", ""]
        names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
        for name in names:
            expected = [p.upper() for p in separators.split(camel.sub(r"\1 \2", name)) if p]
            self.assertEqual(redact._parts(name), expected, repr(name))


if __name__ == "__main__":
    unittest.main()
