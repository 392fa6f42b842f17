"""One test, two sleeps: a short settle before the worker starts (decides nothing) and the wait for
the worker that stands in for join() (decides the outcome when it is shortened)."""
import threading
import time
import unittest

import ledger


class LedgerTests(unittest.TestCase):
    def test_totals_ready(self):
        book = ledger.Ledger()
        time.sleep(0.05)  # settle before starting the worker: harmless
        threading.Thread(target=book.total_up, args=(600_000,)).start()
        time.sleep(0.8)  # "long enough" for the worker instead of join(): decides
        self.assertEqual(book.state, "totalled")

    def test_starts_open(self):
        self.assertEqual(ledger.Ledger().state, "open")
