"""A bounded wait: the test polls for a background job every 0.02 s, up to 50 times (a 1 s budget).
The job takes about 0.1 s, so plain runs meet the condition after a few polls."""
import threading
import time
import unittest


def wait_for(predicate, interval=0.02, polls=50):
    for _ in range(polls):
        if predicate():
            return True
        time.sleep(interval)  # the poll interval of a bounded wait
    return predicate()


class JobTests(unittest.TestCase):
    def test_job_finishes(self):
        job = {}

        def run():
            time.sleep(0.1)  # the job's own work
            job["done"] = True

        threading.Thread(target=run).start()
        self.assertTrue(wait_for(lambda: "done" in job), "the job did not finish within the wait's budget")
