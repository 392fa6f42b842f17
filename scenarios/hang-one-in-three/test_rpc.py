"""A reply that one run in three never arrives, and a test after it that must still run.

"One run in three" is counted, not drawn at random, so the suites that check this scenario cannot
fail by chance: a counter file per parent process (flakescope, or the shell, starts every run) in the
system temp folder makes every third run drop the reply."""
import os
import queue
import threading
import unittest

COUNTER = os.path.join("/tmp", "hang-one-in-three-%d.count" % os.getppid())


def this_run_drops_the_reply():
    try:
        with open(COUNTER) as f:
            count = int(f.read() or 0) + 1
    except (OSError, ValueError):
        count = 1
    with open(COUNTER, "w") as f:
        f.write(str(count))
    return count % 3 == 0


def server(replies, drop):
    if not drop:
        replies.put("pong")


class RpcTests(unittest.TestCase):
    def test_a_ping(self):
        replies = queue.Queue()
        threading.Thread(target=server, args=(replies, this_run_drops_the_reply()), daemon=True).start()
        self.assertEqual(replies.get(), "pong")

    def test_b_after_ping(self):
        self.assertEqual(queue.Queue(maxsize=1).maxsize, 1)
