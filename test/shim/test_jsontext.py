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


class CachedNumber(unittest.TestCase):
    def test_same_text_as_number_and_remembered(self):
        for value in (0, 140234234234, 0.25, None, float("inf")):
            with self.subTest(value=value):
                self.assertEqual(jsontext.cached_number(value), jsontext.number(value))
                self.assertEqual(jsontext.numbers[value], jsontext.number(value))

    def test_nan_is_written_but_not_remembered(self):
        nan = float("nan")
        self.assertEqual(jsontext.cached_number(nan), "NaN")
        self.assertNotIn(nan, jsontext.numbers)


if __name__ == "__main__":
    unittest.main()
