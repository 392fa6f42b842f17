"""What the runner, the interpreter or flakescope itself owns: never blamed on a test.

Each rule is a named predicate with the reason it exists. Resources matched
here are left out of snapshots entirely.
"""
import os
import sys
import threading

from . import writer
from .hooks import threads


def is_trace_file(fd, target):
    """flakescope's own trace file."""
    return fd == writer.held_fd()


def is_stdio(fd, target):
    """stdin/stdout/stderr belong to the process, whatever a runner redirects them to."""
    return fd <= 2


def is_fd_listing(fd, target):
    """The directory handle os.listdir holds on /proc/self/fd while we read it."""
    return target.startswith("/proc/") and target.endswith("/fd")


def is_pytest_capture(fd, target):
    """pytest's fd capture swaps stdio for deleted temp files per test; pytest restores them."""
    return "_pytest.capture" in sys.modules and target.endswith(" (deleted)") and os.path.basename(target).startswith("tmp")


def is_eventlet_hub(fd, target):
    """eventlet creates a hub (with its epoll) per OS thread on first use and keeps it: runtime, not test, state."""
    return fd in threads.hub_fds and target.startswith("anon_inode:")


FD_RULES = (is_trace_file, is_stdio, is_fd_listing, is_pytest_capture, is_eventlet_hub)
# The rules decided by the number alone: a snapshot checks them before paying for a readlink.
FD_NUMBER_RULES = (is_trace_file, is_stdio)


def fd_rules_state():
    """Everything FD_RULES read besides the fd and its target (probes.fds re-decides an fd when it changes)."""
    return (writer.held_fd(), "_pytest.capture" in sys.modules, frozenset(threads.hub_fds))


def is_dummy_thread(thread):
    """Threads not started by threading (C extensions, the main thread seen from a callback) have no start we could blame."""
    return type(thread).__name__ == "_DummyThread"


def is_main_thread(thread):
    """The main thread lives as long as the process."""
    return thread.ident == _main_ident()


def is_execnet_io(thread):
    """pytest-xdist's execnet IO threads carry the worker's channel to the controller."""
    return type(thread).__module__.startswith("execnet")


THREAD_RULES = (is_dummy_thread, is_main_thread, is_execnet_io)


def is_runner_env(key):
    """pytest sets PYTEST_CURRENT_TEST for every test phase and removes it afterwards; flakescope owns FLAKESCOPE_*."""
    return key == "PYTEST_CURRENT_TEST" or key.startswith("FLAKESCOPE_")


ENV_RULES = (is_runner_env,)


def is_pytest_log_handler(handler):
    """pytest's logging plugin attaches its capture handlers around every test phase."""
    return type(handler).__module__.startswith("_pytest")


def is_null_handler(handler):
    """Libraries attach a NullHandler at import (the logging HOWTO says to); it changes no output."""
    return type(handler).__name__ == "NullHandler" and type(handler).__module__ == "logging"


HANDLER_RULES = (is_pytest_log_handler, is_null_handler)


def _main_ident():
    return threading.main_thread().ident


def matches(rules, *args):
    for rule in rules:
        if rule(*args):
            return True
    return False
