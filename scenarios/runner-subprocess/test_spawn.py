import subprocess
import sys
import unittest


def run_child(*args):
    return subprocess.run([sys.executable, "child.py", *args], capture_output=True, text=True, check=True).stdout.strip()


class SpawnTests(unittest.TestCase):
    def test_child(self):
        self.assertEqual(run_child(), "child done")

    def test_child_reexecs(self):
        self.assertEqual(run_child("--exec"), "child done")
