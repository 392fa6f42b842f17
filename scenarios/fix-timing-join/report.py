"""A report built by a worker thread: it waits for its data (an event wait standing in for a fetch
that answers in about 0.1 s; not a sleep, so scaling the suite's sleeps leaves it as it is), then
does a little real work. Its time then no longer depends on how busy the CPU is: with the test's
sleep scaled to 0, the test looks before the report is there even on a loaded machine."""
import threading

# How long the data takes to arrive: well under the test's 0.5 s sleep, well over a scheduler delay.
FETCH_SECONDS = 0.1


class Report:
    def __init__(self):
        self.rows = None
        self._fetched = threading.Event()  # set by no one: the wait always lasts FETCH_SECONDS

    def build(self, n):
        self._fetched.wait(FETCH_SECONDS)
        self.rows = [i * i for i in range(n)]
