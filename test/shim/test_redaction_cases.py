"""The one redaction spec (test/fixtures/redaction-cases.json), as the shim applies it. The reader's
test (test/trace/redaction-cases.test.ts) asserts the same file, so what the shim writes is what the
reader would make of it, and the reader finds nothing left to redact."""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python-shim"))

from flakescope_shim import jsontext, redact  # noqa: E402

with open(os.path.join(HERE, "..", "fixtures", "redaction-cases.json"), encoding="utf-8") as _handle:
    SPEC = json.load(_handle)


def secrets_of(env):
    """What the shim knows from an environment: its secret-named values, longest first."""
    values = {v for k, v in (env or {}).items() if len(v) >= redact.MIN_KNOWN_SECRET and redact.is_secret_env_name(k)}
    return sorted(values, key=len, reverse=True)


class RedactionCases(unittest.TestCase):
    def test_one_placeholder_one_cap(self):
        self.assertEqual(redact.PLACEHOLDER, SPEC["placeholder"])
        self.assertEqual(redact.MAX_TEXT, SPEC["maxText"])
        self.assertEqual(redact.TRUNCATED, SPEC["truncated"])
        self.assertEqual(redact.MIN_KNOWN_SECRET, SPEC["minKnownSecret"])

    def test_text(self):
        for case in SPEC["text"]:
            secrets = secrets_of(case.get("env"))
            self.assertEqual(redact.redact(case["in"], secrets), case["out"], case["why"])
            self.assertEqual(redact.redact(case["out"], secrets), case["out"], "%s: stays as it is" % case["why"])

    def test_env_names_and_pair_keys(self):
        for name in SPEC["envNames"]["secret"]:
            self.assertTrue(redact.is_secret_env_name(name), name)
        for name in SPEC["envNames"]["notSecret"]:
            self.assertFalse(redact.is_secret_env_name(name), name)
        for key in SPEC["pairKeys"]["secret"]:
            self.assertTrue(redact.is_secret_pair_key(key), key)
        for key in SPEC["pairKeys"]["notSecret"]:
            self.assertFalse(redact.is_secret_pair_key(key), key)

    def test_json_values_as_written_in_a_trace(self):
        for case in SPEC["json"]:
            written = jsontext.encode_with(case["in"], secrets_of(case.get("env")))
            self.assertEqual(json.loads(written), case["out"], case["why"])

    def test_truncation(self):
        for case in SPEC["truncate"]:
            limit = case.get("limit", redact.MAX_TEXT)
            self.assertEqual(redact.truncate(case["in"], limit), case["out"], case["why"])


if __name__ == "__main__":
    unittest.main()
