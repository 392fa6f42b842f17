"""Tests that reach for fds the shim might hold: each passes without flakescope, and must with it."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

TRACE_DIR = os.path.realpath(os.environ.get("FLAKESCOPE_TRACE_DIR") or "/nonexistent")
LIST_FDS = "import os; print(','.join(sorted(os.listdir('/proc/self/fd'), key=int)))"


def trace_fds():
    """The fds this process has on files in the trace folder (the shim's own, when it holds one)."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.path.realpath(os.readlink("/proc/self/fd/" + name)).startswith(TRACE_DIR + os.sep):
                found.append(int(name))
        except OSError:
            pass
    return found


class Fds(unittest.TestCase):
    def test_a_child_lists_its_fds(self):
        # A child given only stdio (and the listing's own fd) sees nothing else, traced or not.
        out = subprocess.run([sys.executable, "-c", LIST_FDS], stdout=subprocess.PIPE, check=True).stdout
        self.assertEqual(out.decode().strip(), "0,1,2,3")

    def test_b_closerange_then_a_file_of_its_own(self):
        os.closerange(3, 4096)
        path = os.path.join(tempfile.mkdtemp(), "mine.txt")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        # Sleeps with a pause longer than the writer's batching age: the shim writes while fd is open.
        time.sleep(0)
        time.sleep(0.15)
        time.sleep(0)
        os.write(fd, b"exactly this\n")
        os.close(fd)
        with open(path, "rb") as handle:
            self.assertEqual(handle.read(), b"exactly this\n")

    def test_c_dup2_onto_the_trace_fd(self):
        path = os.path.join(tempfile.mkdtemp(), "dup.txt")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        taken = trace_fds()
        for number in taken:
            os.dup2(fd, number)
        time.sleep(0.15)
        time.sleep(0)
        os.write(fd, b"only mine\n")
        for number in taken:
            os.close(number)
        os.close(fd)
        with open(path, "rb") as handle:
            self.assertEqual(handle.read(), b"only mine\n")
        print("took %d trace fd(s)" % len(taken))

    def test_d_after_them(self):
        time.sleep(0)


if __name__ == "__main__":
    unittest.main()
