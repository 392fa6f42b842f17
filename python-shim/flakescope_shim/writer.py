"""One JSONL trace file per process: header first, then one os.write per event.

No file object (so no ResourceWarning under -W error); O_APPEND + one write per
line means a SIGKILL loses at most the event in flight.
"""
import json
import os
import sys

from . import clock

TRACE_VERSION = 1
SHIM_VERSION = "0.1.0"

_fd = None
_header_extra = {}
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
# os.exec*() keeps the pid (tornado's autoreload re-execs itself): the new program gets <pid>.<n>.jsonl.
_MAX_EXECS_PER_PID = 1000


def _encode(obj):
    return (json.dumps(obj, separators=(",", ":"), default=str, ensure_ascii=False) + "\n").encode("utf-8", "replace")


def _write(data):
    fd = _fd
    if fd is None:
        return
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def open_trace(trace_dir, chained):
    """Open <trace_dir>/<pid>.jsonl and write the header."""
    global _fd
    _header_extra["trace_dir"] = trace_dir
    _header_extra["chained"] = chained
    pid = os.getpid()
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
    perturbation = {k: v for k, v in os.environ.items() if k.startswith("FLAKESCOPE_") and k not in _NOT_PERTURBATION}
    header = {
        "v": TRACE_VERSION,
        "ev": "header",
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "python": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "argv": list(getattr(sys, "orig_argv", None) or sys.argv),
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


# Variables that configure where traces go, not how the program is perturbed.
_NOT_PERTURBATION = frozenset(["FLAKESCOPE_TRACE_DIR", "FLAKESCOPE_RUN"])


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
