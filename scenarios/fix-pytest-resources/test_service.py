import json
import os
import sys
import threading
from unittest import mock


def test_env_set():
    os.environ["SERVICE_MODE"] = "fast"


def test_chdir(tmp_path):
    os.chdir(tmp_path)


def test_sys_path():
    sys.path.insert(0, "/nonexistent/flakescope-fix-pytest")


def test_thread():
    worker = threading.Thread(target=threading.Event().wait, args=(1.0,), name="pyworker")
    worker.start()


def test_patched_dumps():
    # Leak: started and never stopped; there is no pytest-mock here, so the fix is a with block.
    mock.patch("json.dumps", return_value="{}").start()
    assert json.dumps({"a": 1}) == "{}"


def test_takes_a_while():
    # Long enough that the thread above is judged alive after its grace period.
    threading.Event().wait(0.5)


def test_z_dumps_for_real():
    assert json.dumps({"a": 1}) == '{"a": 1}'
