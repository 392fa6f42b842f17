import os
import unittest


class EnvTests(unittest.TestCase):
    def test_a_reads_default(self):
        # Fails after test_b_sets_env, whose change is an env-pollution finding of its own.
        self.assertEqual(os.environ.get("ORDER_FLAG", "off"), "off")

    def test_b_sets_env(self):
        os.environ["ORDER_FLAG"] = "on"
