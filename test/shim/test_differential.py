"""Rule 1 on CPython's own suites: same per-test outcomes with and without the shim."""
import re
import sys
import time
import unittest

from shimrun import DEBIAN_PYTHON, PY, has_module, of, run

# mock's own tests moved from unittest.test to test.test_unittest in 3.12.
_TESTMOCK = "unittest.test.testmock" if sys.version_info < (3, 12) else "test.test_unittest.testmock"
MODULES = ["test.test_contextlib", "test.test_with", "test.test_threading_local", _TESTMOCK]
# "name (pkg.mod.Class.name) ... ok" from 3.11, "name (pkg.mod.Class) ... ok" before.
_LINE = re.compile(r"^(\w+) \(([\w.]+)\)(?:\n|.*?) \.\.\. (.*)$")


def outcomes(stderr):
    found = {}
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            name, where, outcome = match.groups()
            found[where if where.endswith("." + name) else "%s.%s" % (where, name)] = outcome.strip()
    return found


class Differential(object):
    python = PY

    def test_same_outcomes_and_every_test_traced(self):
        argv = [self.python, "-m", "unittest", "-v"] + MODULES
        began = time.monotonic()
        plain, _, _ = run(argv, traced=False)
        middle = time.monotonic()
        traced, events, _ = run(argv)
        ended = time.monotonic()
        print("\n%s: %.2fs without shim, %.2fs with" % (self.python, middle - began, ended - middle))
        self.assertEqual(plain.returncode, traced.returncode)
        before, after = outcomes(plain.stderr), outcomes(traced.stderr)
        self.assertGreater(len(before), 600)
        self.assertEqual(before, after)
        traced_ids = {e["test"] for e in of(events, "test-end")}
        self.assertEqual(set(before) - traced_ids, set())
        self.assertEqual(of(events, "internal-error"), [])


@unittest.skipUnless(has_module(PY, "test.test_contextlib"), "no CPython test package")
class DifferentialPath(Differential, unittest.TestCase):
    python = PY


@unittest.skipUnless(has_module(DEBIAN_PYTHON, "test.test_contextlib"), "Debian python3 has no test package")
class DifferentialDebian(Differential, unittest.TestCase):
    python = DEBIAN_PYTHON


if __name__ == "__main__":
    unittest.main()
