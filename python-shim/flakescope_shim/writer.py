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
# O_EXCL: one trace file per program. A subinterpreter runs sitecustomize again in the same process;
# it must stay off rather than write a second header and hold a second fd (see _held_here).
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
# Bound at import (rule 2): a test that spies on or patches json.dumps or os.write must see only
# its own calls, never the shim's (mocker.spy(json, "dumps") counted our event writes).
_to_json = json.JSONEncoder(separators=(",", ":"), default=str, ensure_ascii=False).encode
_os_write = os.write
# os.exec*() keeps the pid (tornado's autoreload re-execs itself): the new program gets <pid>.<n>.jsonl.
_MAX_EXECS_PER_PID = 1000


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


def _held_here(trace_dir, pid):
    """True when this very process already has one of its trace files open: we are a subinterpreter.
    After os.exec*() the old fd is gone (O_CLOEXEC), so a taken name then means a new program."""
    prefix = os.path.join(os.path.realpath(trace_dir), "%d." % pid)
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return False  # no /proc: assume exec, the case that must not lose a trace
    for fd in fds:
        try:
            if os.readlink("/proc/self/fd/" + fd).startswith(prefix):
                return True
        except OSError:
            continue
    return False


def open_trace(trace_dir, chained):
    """Open <trace_dir>/<pid>.jsonl (or <pid>.<n>.jsonl after an exec) and write the header.
    Raises FileExistsError in a subinterpreter, whose shim must stay off."""
    global _fd
    _header_extra["trace_dir"] = trace_dir
    _header_extra["chained"] = chained
    pid = os.getpid()
    if _held_here(trace_dir, pid):
        raise FileExistsError("trace already open in this process")
    for n in range(_MAX_EXECS_PER_PID):
        name = "%d.jsonl" % pid if n == 0 else "%d.%d.jsonl" % (pid, n)
        try:
            _fd = os.open(os.path.join(trace_dir, name), _OPEN_FLAGS, 0o600)
            break
        except FileExistsError:
            continue
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
