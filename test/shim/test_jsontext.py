"""jsontext.number writes what json.dumps writes, on its fast path (ints, finite floats) and off it."""
import json
import sys
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import jsontext  # noqa: E402


class Number(unittest.TestCase):
    def test_same_text_as_json(self):
        for value in (0, 1, -7, 10**30, 0.0, 0.25, -1e-7, 1e300, None, True, float("inf"), float("nan")):
            with self.subTest(value=value):
                self.assertEqual(jsontext.number(value), json.dumps(value))

    def test_int_subclass_is_written_as_its_value(self):
        class Seconds(int):
            def __repr__(self):
                return "Seconds()"

        self.assertEqual(jsontext.number(Seconds(3)), "3")


if __name__ == "__main__":
    unittest.main()
