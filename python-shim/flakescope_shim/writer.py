"""One JSONL trace file per process: header first, then one os.write per event.

No file object (so no ResourceWarning under -W error); O_APPEND + one write per
line means a SIGKILL loses at most the event in flight.
"""
import json
import os
import sys

from . import clock
from .redact import redact

TRACE_VERSION = 1
SHIM_VERSION = "0.1.0"

_fd = None
_header_extra = {}
# O_EXCL: one trace per process. A subinterpreter runs sitecustomize again in the same pid; its
# shim finds the file taken and stays off instead of writing a second header (and holding a second fd).
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
# Bound at import (rule 2): a test that spies on or patches json.dumps or os.write must see only
# its own calls, never the shim's (mocker.spy(json, "dumps") counted our event writes).
_to_json = json.JSONEncoder(separators=(",", ":"), default=str, ensure_ascii=False).encode
_os_write = os.write


def _encode(obj):
    return (_to_json(obj) + "\n").encode("utf-8", "replace")


def _write(data):
    fd = _fd
    if fd is None:
        return
    view = memoryview(data)
    while view:
        n = _os_write(fd, view)
        view = view[n:]


def open_trace(trace_dir, chained):
    """Open <trace_dir>/<pid>.jsonl and write the header."""
    global _fd
    _header_extra["trace_dir"] = trace_dir
    _header_extra["chained"] = chained
    path = os.path.join(trace_dir, "%d.jsonl" % os.getpid())
    _fd = os.open(path, _OPEN_FLAGS, 0o600)
    _write(_encode(_header()))


def _header():
    try:
        run = int(os.environ.get("FLAKESCOPE_RUN", "0"))
    except ValueError:
        run = 0
    from . import perturb

    perturbation = perturb.header()
    header = {
        "v": TRACE_VERSION,
        "ev": "header",
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "python": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "argv": [redact(str(a)) for a in (getattr(sys, "orig_argv", None) or sys.argv)],
        "cwd": os.getcwd(),
        "run": run,
        "t0": clock.monotonic_ns(),
        "wall": clock.wall(),
        "chained": _header_extra.get("chained"),
        "shimVersion": SHIM_VERSION,
    }
    if perturbation:
        header["perturbation"] = perturbation
    return header



def reopen_after_fork():
    """In a forked child: stop writing to the parent's file, start our own."""
    global _fd
    parent_fd = _fd
    _fd = None
    if parent_fd is not None:
        try:
            os.close(parent_fd)
        except OSError:
            pass
    open_trace(_header_extra["trace_dir"], _header_extra.get("chained"))


def emit(event):
    """Write one event; `event` must already hold ev; t/tid are added here."""
    if _fd is None:
        return
    event.setdefault("t", clock.monotonic_ns())
    event.setdefault("tid", clock.get_ident())
    _write(_encode(event))


def enabled():
    return _fd is not None
