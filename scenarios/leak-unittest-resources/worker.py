"""A tiny service the tests exercise: a background flusher thread, an audit log, a helper process."""
import os
import subprocess
import threading

AUDIT_LOG = "audit.log"


def start_flusher(stop):
    thread = threading.Thread(target=stop.wait, args=(2.0,), name="flusher")
    thread.start()
    return thread


def open_audit_log():
    return open(AUDIT_LOG, "a")


def spawn_helper():
    return subprocess.Popen(["sleep", "3"])


def set_mode(value):
    os.environ["WORKER_MODE"] = value
