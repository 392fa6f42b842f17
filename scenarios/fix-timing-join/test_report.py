import threading
import time
import unittest

import report


class ReportTests(unittest.TestCase):
    def test_rows_ready(self):
        built = report.Report()
        worker = threading.Thread(target=built.build, args=(200_000,))
        self.addCleanup(worker.join)  # whatever the outcome, the worker ends with its test
        worker.start()
        time.sleep(0.5)  # "long enough" for the build
        self.assertEqual(len(built.rows), 200_000)

    def test_rows_direct(self):
        built = report.Report()
        built.build(10)
        self.assertEqual(len(built.rows), 10)
