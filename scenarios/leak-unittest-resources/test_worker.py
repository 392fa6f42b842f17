import os
import subprocess
import threading
import unittest

import worker

_log = None


class LeakyTests(unittest.TestCase):
    def test_a_thread_left_running(self):
        thread = threading.Thread(target=threading.Event().wait, args=(1.5,), name="poller")
        thread.start()
        self.assertTrue(thread.is_alive())

    def test_b_log_kept_in_global(self):
        global _log
        _log = open("audit.log", "a")
        _log.write("started\n")

    def test_c_env_not_restored(self):
        os.environ["WORKER_MODE"] = "fast"
        self.assertEqual(os.environ["WORKER_MODE"], "fast")

    def test_d_child_never_waited(self):
        child = subprocess.Popen(["sleep", "2"])
        self.assertIsNotNone(child.pid)


class CleanTests(unittest.TestCase):
    def test_a_thread_joined(self):
        stop = threading.Event()
        thread = worker.start_flusher(stop)
        stop.set()
        thread.join()

    def test_b_log_closed(self):
        with worker.open_audit_log() as log:
            log.write("clean\n")

    def test_c_env_restored(self):
        old = os.environ.get("WORKER_MODE")
        worker.set_mode("safe")
        if old is None:
            del os.environ["WORKER_MODE"]
        else:
            os.environ["WORKER_MODE"] = old

    def test_d_child_waited(self):
        child = worker.spawn_helper()
        child.kill()
        child.wait()


if __name__ == "__main__":
    unittest.main()
