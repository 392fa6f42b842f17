"""Each way of patching is told apart with the site a report shows: start()/stop() from the test or a
helper, stopall, a decorator (plain, stacked, async, on a class) and a patcher entered by an ExitStack
in the test itself. The hooks recognise the common ones without a walk; this pins what they report.
Traced in this process (inprocess.py)."""
import sys
import unittest
import unittest.case
import unittest.mock

import inprocess
from flakescope_shim.hooks import patch
from flakescope_shim.unittest import boundaries
from shimrun import of


class PatchForms(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with inprocess.traced(lambda: boundaries.install(unittest.case), lambda: patch.install(unittest.mock)) as cls.events:
            result = inprocess.run_case("patch_forms_case")
        assert result.wasSuccessful(), result.failures + result.errors

    def forms(self, test):
        return [(e["ev"], e["how"], e.get("site", {}).get("line")) for e in self.events
                if e["ev"] in ("patch-start", "patch-stop") and e["test"].endswith(test)]

    def test_start_stop_from_the_test_and_a_helper(self):
        self.assertEqual(self.forms("test_a_start_stop"), [
            ("patch-start", "start", 21), ("patch-stop", "stop", 22),
            ("patch-start", "start", 14), ("patch-stop", "stop", 23),
            ("patch-start", "start", 24), ("patch-stop", "stopall", 25),
        ])

    def test_decorators_point_at_the_decorated_definition(self):
        # Start and stop both: mock undoes a decorator's patch as the decorated function returns.
        self.assertEqual(self.forms("test_b_decorated"), [("patch-start", "decorator", 27), ("patch-stop", "exit", 27)])
        self.assertEqual(self.forms("test_c_stacked"), [
            ("patch-start", "decorator", 31), ("patch-start", "decorator", 31),
            ("patch-stop", "exit", 31), ("patch-stop", "exit", 31),
        ])
        self.assertEqual(self.forms("test_d_async_decorated_called_twice"),
                         [("patch-start", "decorator", 37), ("patch-stop", "exit", 37)] * 2)
        self.assertEqual(self.forms("Decorated.test_one"), [("patch-start", "decorator", 50), ("patch-stop", "exit", 50)])

    def test_an_exit_stack_in_the_test_is_a_context(self):
        # Pythons before 3.10 run a with block's __exit__ on the block's last line; later ones on the with line.
        exit_line = 45 if sys.version_info < (3, 10) else 44
        self.assertEqual(self.forms("test_e_exit_stack_in_the_test"), [("patch-start", "context", 45), ("patch-stop", "exit", exit_line)])

    def test_every_event_names_its_test(self):
        self.assertTrue(of(self.events, "patch-start"))


if __name__ == "__main__":
    unittest.main()
