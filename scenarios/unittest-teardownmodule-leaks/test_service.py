"""Each Leaky test leaves something running that only tearDownModule stops, while the Clean twins
(which run after them) clean up at once. The grace period must not excuse the leaks: later tests ran
with them, and they ended only at the module's teardown."""
import os
import subprocess
import threading
import unittest

_stop = threading.Event()
_held = {}


def tearDownModule():
    _stop.set()
    _held["thread"].join()
    _held["log"].close()
    os.environ.pop("SERVICE_MODE", None)
    _held["child"].kill()
    _held["child"].wait()


class LeakyTests(unittest.TestCase):
    def test_a_thread(self):
        _held["thread"] = threading.Thread(target=_stop.wait, name="service-poller")
        _held["thread"].start()

    def test_b_fd(self):
        _held["log"] = open(os.devnull, "rb")

    def test_c_env(self):
        os.environ["SERVICE_MODE"] = "fast"

    def test_d_child(self):
        _held["child"] = subprocess.Popen(["sleep", "30"])


class CleanTests(unittest.TestCase):
    def test_a_thread(self):
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait, name="clean-poller")
        thread.start()
        stop.set()
        thread.join()

    def test_b_fd(self):
        with open(os.devnull, "rb") as log:
            log.read(1)

    def test_c_env(self):
        os.environ["SERVICE_TWIN"] = "x"
        del os.environ["SERVICE_TWIN"]

    def test_d_child(self):
        subprocess.Popen(["true"]).wait()


if __name__ == "__main__":
    unittest.main()
