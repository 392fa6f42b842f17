"""A sleep that costs most of the test's time and decides nothing."""
import time
import unittest

import export


class ExportTests(unittest.TestCase):
    def test_csv_rows(self):
        rows = export.to_csv([("a", 1), ("b", 2)])
        time.sleep(0.4)  # "let the exporter settle": there is nothing to wait for
        self.assertEqual(rows, ["a,1", "b,2"])

    def test_empty(self):
        self.assertEqual(export.to_csv([]), [])
