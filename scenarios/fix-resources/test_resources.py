import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

_stop = threading.Event()
_files = {}


def tearDownModule():
    # What finally ends the ticker thread test_b leaves running.
    _stop.set()


class ResourceTests(unittest.TestCase):
    def test_a_worker_thread(self):
        worker = threading.Thread(target=threading.Event().wait, args=(1.0,), name="worker")
        worker.start()
        self.assertTrue(worker.is_alive())

    def test_b_ticker_until_module_end(self):
        threading.Thread(target=_stop.wait, name="ticker").start()

    def test_c_takes_a_while(self):
        # Long enough that the ticker is judged alive after its grace period.
        threading.Event().wait(0.5)

    def test_d_log_file(self):
        _files["log"] = open("fix-resources.log", "a")
        _files["log"].write("x")

    def test_e_child(self):
        child = subprocess.Popen(["sleep", "3"])
        self.assertIsNone(child.poll())

    def test_f_env(self):
        os.environ["RESOURCES_MODE"] = "fast"

    def test_g_cwd(self):
        os.chdir(tempfile.gettempdir())

    def test_h_sys_path(self):
        sys.path.insert(0, "/nonexistent/flakescope-fix-resources")

    def test_i_log_level(self):
        logging.getLogger("fix.resources").setLevel(logging.DEBUG)

    def test_j_signal(self):
        signal.signal(signal.SIGUSR1, lambda signum, frame: None)

    def test_k_socket_timeout(self):
        socket.setdefaulttimeout(7)


class CleanTests(unittest.TestCase):
    def test_joined_thread(self):
        worker = threading.Thread(target=threading.Event().wait, args=(0.01,), name="joined")
        worker.start()
        worker.join()

    def test_closed_file(self):
        with open(os.devnull, "w") as sink:
            sink.write("y")
