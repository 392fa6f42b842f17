"""One JSONL trace file per process: header first, then events, written in buffered batches.

No file object (so no ResourceWarning under -W error); O_APPEND and whole lines per
write. Events are buffered (one os.write per event cost more than encoding them) and
flushed at every test and scope boundary (FLUSH_NOW), when the buffer is full or old,
before fork, exec and os._exit, when the process signals itself, and at exit. So a
SIGKILL mid-test loses at most the events of that test since its test-start, never a
finished test's; after the exit flush every event is written at once.
"""
import _thread
import os
import sys

from . import clock, jsontext
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
_to_json = jsontext.encode
_os_write = os.write
# Enough to batch a burst of sleeps or patches into one write, small enough to bound what a kill can lose.
MAX_BUFFERED_EVENTS = 256
# Events are on disk within this long of being recorded whenever the process records anything later.
MAX_BUFFER_AGE_NS = 100_000_000
# Boundaries the orchestrator reads to tell which test a crash or hang interrupted: on disk at once.
# A test-start/-end or scope-start/-end is always followed at once by its boundary's snapshot (or an
# internal-error), so they go out together in that one write, before the test's code runs on.
FLUSH_NOW = frozenset(["hang", "internal-error", "snapshot"])
_buffer = []  # lines not yet written: a str, or a tuple (format, values...) whose format(tuple) is the line (queue())
# Monotonic ns after which the next recorded line flushes: MAX_BUFFER_AGE_NS after the last flush,
# so no line waits longer (it was recorded after that flush), and 0 once the exit flush ran (later
# events, from finalizers or late threads, go straight out). Set by flush(): queue() only compares.
_deadline = [0]
_buffering = [True]  # False once the exit flush ran
_flush_lock = _thread.allocate_lock()  # captured before eventlet can make locks green (rule 2)
# os.exec*() keeps the pid (tornado's autoreload re-execs itself): the new program gets <pid>.<n>.jsonl.
_MAX_EXECS_PER_PID = 1000


def _encode(obj):
    return (_to_json(obj) + "\n").encode("utf-8", "replace")


# At exit, how long to wait for a flush another thread has under way, rather than skip ours.
EXIT_FLUSH_WAIT_SECONDS = 1.0


def flush(wait=0):
    """Write every buffered line. Never raises. A flush already under way (another thread, or a signal
    handler interrupting one) is left to finish, after waiting up to `wait` seconds for it."""
    if not _buffer or not (_flush_lock.acquire(True, wait) if wait else _flush_lock.acquire(False)):
        return
    try:
        _deadline[0] = clock.monotonic_ns() + MAX_BUFFER_AGE_NS if _buffering[0] else 0
        lines = _buffer[:]
        del _buffer[: len(lines)]
        if lines and _fd is not None:
            _write("".join([line if line.__class__ is str else line[0](line) for line in lines]).encode("utf-8", "replace"))
    except BaseException:
        pass  # rule 1: a full disk loses events, never the test run
    finally:
        _flush_lock.release()


def _flush_at_exit():
    _buffering[0] = False
    _deadline[0] = 0
    flush(EXIT_FLUSH_WAIT_SECONDS)


def append(line, ev, now):
    """Queue one encoded line (ending in a newline); flushes on FLUSH_NOW kinds, a full or old buffer."""
    _buffer.append(line)
    if ev in FLUSH_NOW or len(_buffer) >= MAX_BUFFERED_EVENTS or now > _deadline[0]:
        flush()


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
    _register_flushes()


_registered = []


def _register_flushes():
    """Flush before fork (the child must not inherit our lines) and at exit; once per process."""
    if _registered:
        return
    _registered.append(True)
    import atexit

    atexit.register(_flush_at_exit)  # registered first, so it runs after every later atexit hook
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=flush)
    _flush_before_exit()


def _flush_before_exit():
    """os._exit skips atexit: multiprocessing's and xdist's children end that way, as do crashing tests."""
    from . import wrap

    original = os._exit
    if wrap.is_ours(original):
        return

    def _exit(*args, **kwargs):
        flush()
        return original(*args, **kwargs)

    os._exit = wrap.dress(_exit, original)


def _header():
    try:
        run = int(os.environ.get("FLAKESCOPE_RUN", "0"))
    except ValueError:
        run = 0
    from . import perturb
    from .redact import known_secrets

    perturbation = perturb.header()
    secrets = known_secrets()
    header = {
        "v": TRACE_VERSION,
        "ev": "header",
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "python": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "argv": [redact(str(a), secrets) for a in (getattr(sys, "orig_argv", None) or sys.argv)],
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
    global _fd, _flush_lock
    parent_fd = _fd
    _fd = None
    del _buffer[:]  # the parent's lines, flushed by the parent before it forked
    _flush_lock = _thread.allocate_lock()  # another thread may have held it at the fork: it never ends here
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
    now = event.setdefault("t", clock.monotonic_ns())
    event.setdefault("tid", clock.get_ident())
    append(jsontext.encode(event) + "\n", event["ev"], now)


def queue(line, now):
    """The hot events' append (sleeps, patches): `line` is a whole event that never needs an
    immediate flush, recorded at monotonic ns `now`, either as text or as a tuple (format, values...):
    a function and the immutable values it turns into the line, format(line). The latter runs at the
    flush, a batch at a time: a sleep's hook then does less work after the sleep, when the process
    wakes with cold caches. Flushes a full or old buffer."""
    _buffer.append(line)
    if len(_buffer) >= MAX_BUFFERED_EVENTS or now > _deadline[0]:
        flush()


def enabled():
    return _fd is not None
