"""Ownership notes: who made what (test/shim/test_ownership.py reads the trace)."""
import asyncio
import functools
import gc
import os
import subprocess
import sys
import threading
import unittest
import weakref
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import ownership_lib

_keep = []


def spawn(func, name="wrapped"):
    """A generic wrapper handed what the thread runs: the site is its caller's line."""
    @functools.wraps(func)
    def wrapper():
        return func()
    thread = threading.Thread(target=wrapper, daemon=True, name=name)
    thread.start()
    return thread


class Ownership(unittest.TestCase):
    def test_a_library_singleton(self):
        ownership_lib.pool()  # LINE: singleton

    def test_b_library_object_the_suite_keeps(self):
        _keep.append(ownership_lib.Worker())  # LINE: worker

    def test_c_generic_wrapper(self):
        stop = threading.Event()
        _keep.append(stop)
        spawn(stop.wait)  # LINE: wrapped

    def test_d_child_by_pid(self):
        _keep.append(subprocess.Popen(["sleep", "5"]))  # LINE: child
        quick = subprocess.Popen(["sleep", "0"])  # the same program, newer, waited for: not the one left
        quick.wait()

    def test_e_pipe(self):
        _keep.append(os.pipe())  # LINE: pipe

    def test_f_logger_level_set_by_library(self):
        ownership_lib.quiet_logger()  # LINE: level

    def test_g_mock_called_from_executor(self):
        with mock.patch("ownership_lib.work") as work:
            with ThreadPoolExecutor(1) as executor:
                executor.submit(ownership_lib.work).result()
        work.assert_called_once()

    def test_h_locals_of_a_thread_starter_are_freed(self):
        """Rule 6: noting the thread start keeps no local of the running test alive."""
        class Big:
            pass
        big = Big()
        ref = weakref.ref(big)
        stop = threading.Event()
        _keep.append(stop)
        spawn(stop.wait, name="starter")
        del big
        gc.collect()
        self.assertIsNone(ref())

    def test_i_event_loop(self):
        _keep.append(asyncio.new_event_loop())  # LINE: loop

    def test_j_later(self):
        pass

    def test_k_sys_path_without_a_later_import(self):
        sys.path.insert(0, "/nonexistent/ownership-case")


class Async(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.addCleanup(lambda: None)
        self.addAsyncCleanup(self._cleanup)

    async def _cleanup(self):
        pass

    async def test_a(self):
        pass


def tearDownModule():
    for item in _keep:
        if isinstance(item, threading.Event):
            item.set()
        elif isinstance(item, subprocess.Popen):
            item.kill()
            item.wait()
        elif isinstance(item, asyncio.AbstractEventLoop):
            item.close()
        elif isinstance(item, tuple):
            for fd in item:
                os.close(fd)
        else:
            item.stop()
