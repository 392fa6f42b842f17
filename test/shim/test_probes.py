"""Snapshot probes: cached fd targets still see a reused fd number or a deleted file; children via waitid;
a thread that reuses an ended thread's ident is a new resource."""
import os
import subprocess
import sys
import tempfile
import threading
import unittest

from shimrun import SHIM

sys.path.insert(0, SHIM)
from flakescope_shim import probes  # noqa: E402


def _targets():
    return {d["fd"]: d["target"] for d in probes.fds().values()}


class FdTargets(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fs-probes-")
        self.addCleanup(os.rmdir, self.dir)

    def _path(self, name):
        path = os.path.join(self.dir, name)
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        return path

    def test_a_reused_fd_number_shows_the_new_file(self):
        first = os.open(self._path("a.log"), os.O_CREAT | os.O_WRONLY)
        self.assertEqual(_targets()[first], self._path("a.log"))
        os.close(first)
        second = os.open(self._path("b.log"), os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.close, second)
        self.assertEqual(second, first, "the kernel reuses the lowest free fd number")
        self.assertEqual(_targets()[second], self._path("b.log"))

    def test_b_a_file_deleted_while_open_shows_as_deleted(self):
        fd = os.open(self._path("c.log"), os.O_CREAT | os.O_WRONLY)
        self.addCleanup(os.close, fd)
        self.assertEqual(_targets()[fd], self._path("c.log"))
        os.unlink(self._path("c.log"))
        self.assertEqual(_targets()[fd], self._path("c.log") + " (deleted)")


class Children(unittest.TestCase):
    def test_a_child_is_seen_until_waited(self):
        self.assertEqual(probes.children(), {})
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            self.assertIn("child:%d" % child.pid, probes.children())
        finally:
            child.kill()
            child.wait()
        self.assertEqual(probes.children(), {})

    def test_b_a_zombie_is_seen_and_not_reaped(self):
        child = subprocess.Popen([sys.executable, "-c", "pass"])
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped: a zombie
        self.assertIn("child:%d" % child.pid, probes.children())
        self.assertIn("child:%d" % child.pid, probes.children(), "the probe did not reap it")
        self.assertEqual(child.wait(), 0)


class Threads(unittest.TestCase):
    def _key_while_alive(self):
        gate = threading.Event()
        thread = threading.Thread(target=gate.wait)
        thread.start()
        try:
            (key,) = [k for k, d in probes.live_threads().items() if d["ident"] == thread.ident]
        finally:
            gate.set()
            thread.join()
        return thread.ident, key

    def test_a_thread_reusing_an_ended_threads_ident_has_a_new_key(self):
        first_ident, first_key = self._key_while_alive()
        second_ident, second_key = self._key_while_alive()
        self.assertEqual(second_ident, first_ident, "the C library reuses an ended thread's stack, so its ident")
        self.assertNotEqual(second_key, first_key)


if __name__ == "__main__":
    unittest.main()
