"""One JSONL trace file per process: header first, then events, written in buffered batches.

No file object (so no ResourceWarning under -W error); O_APPEND and whole lines per
write. Events are buffered (one os.write per event cost more than encoding them) and
flushed at every test and scope boundary (FLUSH_NOW), when the buffer is full or old,
before fork, exec and os._exit, when the process signals itself, and at exit. So a
SIGKILL mid-test loses at most the events of that test since its test-start, never a
finished test's; after the exit flush every event is written at once.

The file is invisible to the program (rule 8): it is opened at the first flush, not at
start, so a helper child that records nothing until it exits (one that lists its own fds,
say) has no fd of ours while it runs: it opens, writes and closes at exit. A file held
open sits at a high fd number, close-on-exec. It never exists without its header: on Linux
it is written unnamed and linked under its name after its first batch (a process killed in
between leaves nothing), and a first batch that could not be written queues the header
again. Before every write the fd is checked to still be our file (its device and inode): a
test that closed it (os.closerange) or put its own file under that number (dup2, or a reuse
after the close) keeps what it has, and we reopen our file by path. We never write into
another file, and lose no event.
"""
import _thread
import atexit
import os
import sys

from . import clock, fold, jsontext, wrap
from .redact import known_secrets, redact

TRACE_VERSION = 2  # 2: sleep-fold and patch-fold lines (fold.py)
SHIM_VERSION = "0.1.0"

_fd = None  # the trace fd we hold now, or None (not opened yet, released at exit, or taken from us)
_identity = [None]  # (st_dev, st_ino) of our file once created
_path = [None]  # absolute path of our file once created; reopened by it
_active = [False]  # True once open_trace() ran: events are recorded (enabled())
_header_extra = {}
# O_EXCL: one trace file per program (the name is taken at the first flush; see _create).
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
# A reopen after the test closed our fd: the same file, recreated only if it was deleted.
_REOPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
# Where the system has them (Linux), the trace starts as an unnamed file in the trace folder, linked
# under its name once its first batch is written: a process killed in between (a test's child killed
# as it starts) leaves no empty trace behind. Elsewhere it is created by name at once (_CREATE_FLAGS).
_UNNAMED_FLAGS = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0) | os.O_TMPFILE if hasattr(os, "O_TMPFILE") else None
# Bound at import (rule 2): a test that spies on or patches json.dumps or os functions must see only
# its own calls, never the shim's (mocker.spy(json, "dumps") counted our event writes).
_to_json = jsontext.encode
_raw_json = jsontext.raw_encode
_os_write = os.write
_os_open = os.open
_os_close = os.close
_os_fstat = os.fstat
_os_dup2 = os.dup2
_os_link = os.link
# Enough to batch a burst of sleeps or patches into one write, small enough to bound what a kill can lose.
MAX_BUFFERED_EVENTS = 256
# Events are on disk within this long of being recorded whenever the process records anything later.
MAX_BUFFER_AGE_NS = 100_000_000
# Boundaries the orchestrator reads to tell which test a crash or hang interrupted: on disk at once.
# A test-start/-end or scope-start/-end is always followed at once by its boundary's snapshot (or an
# internal-error), so they go out together in that one write, before the test's code runs on.
FLUSH_NOW = frozenset(["hang", "internal-error", "snapshot"])
# Kinds that end an epoch of folding (fold.py): the folds and held-back patches go out before them.
BOUNDARIES = frozenset(["test-start", "test-end", "scope-start", "scope-end"])
_buffer = []  # lines not yet written: a str, or a record (records.py) whose format(record) is the line (queue())
# The header line until some of it is in the named file: a first flush that fails queues it again, so
# the file never starts without it.
_unwritten_header = [None]
# Monotonic ns after which the next recorded line flushes: MAX_BUFFER_AGE_NS after the last flush (or
# the start), so no line waits longer, and 0 once the exit flush ran (later events, from finalizers or
# late threads, go straight out). Set by flush(): queue() only compares.
_deadline = [0]
_buffering = [True]  # False once the exit flush ran
_flush_lock = _thread.allocate_lock()  # captured before eventlet can make locks green (rule 2)
# os.exec*() keeps the pid (tornado's autoreload re-execs itself): the new program gets <pid>.<n>.jsonl.
_MAX_EXECS_PER_PID = 1000
# Held fds go to the highest free number below this (or below the fd limit, when lower). Code under
# test works at the low end (the kernel hands out the lowest free number, tests expect 3, 4...); the
# kernel sizes a process's fd table to its highest fd, so a number near a 1M limit would cost every
# process megabytes, and 1024 is the table most processes have anyway.
HIGH_FD_CEILING = 1024
# Free numbers looked for below the top before settling for the fd open() gave (still close-on-exec).
HIGH_FD_TRIES = 64


# At exit, how long to wait for a flush another thread has under way, rather than skip ours.
EXIT_FLUSH_WAIT_SECONDS = 1.0


def flush(wait=0):
    """Write every buffered line. Never raises. A flush already under way (another thread, or a signal
    handler interrupting one) is left to finish, after waiting up to `wait` seconds for it."""
    if not (_buffer or fold.has_data()) or not (_flush_lock.acquire(True, wait) if wait else _flush_lock.acquire(False)):
        return
    try:
        _deadline[0] = clock.monotonic_ns() + MAX_BUFFER_AGE_NS if _buffering[0] else 0
        if fold.has_data():
            _buffer.extend(fold.take(kept=True))
        lines = _buffer[:]
        del _buffer[: len(lines)]
        if lines and _active[0]:
            text = _without_known("".join([line if line.__class__ is str else line[0](line) for line in lines]), known_secrets())
            try:
                _write(text.encode("utf-8", "replace"))
            except BaseException:
                if _unwritten_header[0] is not None:
                    _buffer.insert(0, _unwritten_header[0])
                raise
            if not _buffering[0]:
                _release()  # after the exit flush: open, write, close
    except BaseException:
        pass  # rule 1: a full disk loses events, never the test run
    finally:
        _flush_lock.release()


def _escaped(value):
    """value as it reads inside a JSON string of ours (the encoder escapes quotes, backslashes, controls)."""
    if '"' not in value and "\\" not in value and min(value) >= " ":
        return value
    return _raw_json(value)[1:-1]


def _without_known(text, secrets):
    """The batch of lines `text` with known secret values taken out of its strings. Strings were redacted
    by the rules as they were encoded; the secrets are the environment's at this flush (a test may
    have set them since). Lines without any are kept as they are, which is nearly always all of them."""
    if not secrets:
        return text
    found = [s for s in secrets if s in text or _escaped(s) in text]
    if not found:
        return text
    import json  # here: only a batch holding a known secret is decoded, and json's import costs start-up

    decode = json.JSONDecoder().decode
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if any(s in line or _escaped(s) in line for s in found):
            try:
                lines[i] = jsontext.encode_with(decode(line), found)
            except ValueError as exc:  # not one of our lines: never written as it is
                lines[i] = _to_json({"ev": "internal-error", "where": "writer.redact", "error": type(exc).__name__})
    return "\n".join(lines)


def _flush_at_exit():
    _buffering[0] = False
    _deadline[0] = 0
    flush(EXIT_FLUSH_WAIT_SECONDS)


def append(line, ev, now):
    """Queue one encoded line (ending in a newline), after the folds when it ends an epoch and after
    held-back patch starts, which it keeps from folding; flushes on FLUSH_NOW kinds, a full or old buffer."""
    if ev in BOUNDARIES or fold.pending:
        _buffer.extend(fold.take(boundary=ev in BOUNDARIES, kept=True))
    _buffer.append(line)
    if ev in FLUSH_NOW or len(_buffer) >= MAX_BUFFERED_EVENTS or now > _deadline[0]:
        flush()


def _write(data):
    if _path[0] is None and _create_holding(data):
        return
    fd = _held()
    view = memoryview(data)
    while view:
        try:
            n = _os_write(fd, view)
        except OSError:
            fd = _held()  # closed under us since the check (another thread): reopen and go on
            n = _os_write(fd, view)
        _unwritten_header[0] = None
        view = view[n:]


def _held():
    """Our trace fd, checked to still be our file; reopened when the program closed or took it."""
    global _fd
    fd = _fd
    if fd is not None:
        try:
            st = _os_fstat(fd)
            if (st.st_dev, st.st_ino) == _identity[0]:
                return fd
        except OSError:
            pass
        _fd = None  # not ours any more: whatever is under that number now is the program's, left alone
    return _hold(_high(_os_open(_path[0], _REOPEN_FLAGS, 0o600)))


def _hold(fd):
    """fd becomes the trace fd we hold, known by its file's identity."""
    global _fd
    st = _os_fstat(fd)
    _identity[0] = (st.st_dev, st.st_ino)
    _fd = fd
    return fd


def _names(trace_dir):
    """<trace_dir>/<pid>.jsonl, then <pid>.<n>.jsonl: an exec'd predecessor of this pid has the first."""
    pid = os.getpid()
    for n in range(_MAX_EXECS_PER_PID):
        yield os.path.join(trace_dir, "%d.jsonl" % pid if n == 0 else "%d.%d.jsonl" % (pid, n))
    raise FileExistsError("no free trace file name for pid %d" % pid)


def _create_holding(data):
    """Create our trace file (its name taken at the first free one of _names) and hold it. True when it
    appeared with `data` already in it (an unnamed file written, then linked in); False when it was
    created empty, by name, and `data` is still to be written (no unnamed files here)."""
    trace_dir = _header_extra["trace_dir"]
    try:
        unnamed = _os_open(trace_dir, _UNNAMED_FLAGS, 0o600) if _UNNAMED_FLAGS is not None else None
    except OSError:  # a filesystem without them
        unnamed = None
    if unnamed is not None:
        try:
            view = memoryview(data)
            while view:
                view = view[_os_write(unnamed, view):]
            path = _link(unnamed, trace_dir)
        finally:
            _os_close(unnamed)
        if path is not None:
            _path[0], _unwritten_header[0] = path, None  # in the file, whatever becomes of holding it
            # Held by its name: /proc/self/fd then shows it (_held_here), and at a high number like any other.
            _hold(_high(_os_open(path, _REOPEN_FLAGS, 0o600)))
            return True
    for path in _names(trace_dir):
        try:
            fd = _os_open(path, _CREATE_FLAGS, 0o600)
        except FileExistsError:
            continue
        _path[0] = path
        _hold(_high(fd))
        return False


# The trace folder, opened only to link in: os.link follows the /proc symlink (linkat's
# AT_SYMLINK_FOLLOW) only when given a folder fd; plain link() would link the symlink itself.
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _link(unnamed, trace_dir):
    """Name the unnamed file `unnamed` (the first free name); None when it cannot be linked (no /proc)."""
    try:
        folder = _os_open(trace_dir, _DIR_FLAGS)
    except OSError:
        return None
    try:
        for path in _names(trace_dir):
            try:
                _os_link("/proc/self/fd/%d" % unnamed, os.path.basename(path), dst_dir_fd=folder, follow_symlinks=True)
                return path
            except FileExistsError:
                continue
            except OSError:
                return None
    finally:
        _os_close(folder)


def _top_fd():
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (AttributeError, ValueError, OSError):
        limit = HIGH_FD_CEILING
    return min(limit if limit > 0 else HIGH_FD_CEILING, HIGH_FD_CEILING) - 1


def _high(fd):
    """fd moved to the highest free number below the top (close-on-exec), or fd itself if none is free."""
    candidate = _top_fd()
    for _ in range(HIGH_FD_TRIES):
        if candidate <= fd:
            break
        try:
            _os_fstat(candidate)
        except OSError:
            try:
                _os_dup2(fd, candidate, False)
            except OSError:
                return fd
            _os_close(fd)
            return candidate
        candidate -= 1
    return fd


def _release():
    """Close our fd if it is still our file; a number the program took over stays the program's."""
    global _fd
    fd = _fd
    _fd = None
    if fd is None:
        return
    try:
        st = _os_fstat(fd)
        if (st.st_dev, st.st_ino) == _identity[0]:
            _os_close(fd)
    except OSError:
        pass


def _held_here(trace_dir, pid):
    """True when this very process already has one of its trace files open: we are a subinterpreter.
    After os.exec*() the old fd is gone (O_CLOEXEC), so a taken name then means a new program. The
    main interpreter opens its file at its first flush: a test runner's is before its first test."""
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


def open_trace(trace_dir, chained, perturbation=None):
    """Start recording into <trace_dir>/<pid>.jsonl (or <pid>.<n>.jsonl after an exec), created at the
    first flush, header first; `chained` and `perturbation` (perturb.header()) go in the header.
    Raises FileExistsError in a subinterpreter, whose shim must stay off."""
    trace_dir = os.path.abspath(trace_dir)  # a test may chdir before our first flush
    _header_extra["trace_dir"] = trace_dir
    _header_extra["chained"] = chained
    _header_extra["perturbation"] = perturbation
    if _held_here(trace_dir, os.getpid()):
        raise FileExistsError("trace already open in this process")
    _begin()
    _register_flushes()


def _begin():
    """Queue the header; nothing is opened until the first flush."""
    _path[0] = None
    _identity[0] = None
    _deadline[0] = clock.monotonic_ns() + MAX_BUFFER_AGE_NS
    _unwritten_header[0] = _to_json(_header()) + "\n"
    _buffer.insert(0, _unwritten_header[0])
    _active[0] = True


_registered = []
_undo = wrap.Undo()  # os._exit's wrapper


def _register_flushes():
    """Flush before fork (the child must not inherit our lines) and at exit (registered once per
    process), and before os._exit (wrapped again after a close())."""
    _flush_before_exit()
    if _registered:
        return
    _registered.append(True)
    atexit.register(_flush_at_exit)  # registered first, so it runs after every later atexit hook
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=flush)


def _flush_before_exit():
    """os._exit skips atexit: multiprocessing's and xdist's children end that way, as do crashing tests."""
    def make(original):
        def _exit(*args, **kwargs):
            flush()
            return original(*args, **kwargs)

        return _exit

    _undo.replace(os, "_exit", make)


def uninstall():
    """Put back os._exit (the exit flushes stay registered: they do nothing once the buffer is empty)."""
    _undo.restore()


def close():
    """Stop recording: what is buffered is written, the file closed, os._exit put back. The shim's own
    tests trace a part of their process this way; a later open_trace() records into a new file."""
    _flush_at_exit()
    _active[0] = False
    _buffering[0] = True
    _release()
    uninstall()


def _header():
    try:
        run = int(os.environ.get("FLAKESCOPE_RUN", "0"))
    except ValueError:
        run = 0
    perturbation = _header_extra.get("perturbation")
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
    """In a forked child: stop writing to the parent's file (closing our inherited fd, if it is still
    ours), record into a file of our own from the next flush."""
    global _flush_lock
    del _buffer[:]  # the parent's lines, flushed by the parent before it forked
    fold.reset()
    _flush_lock = _thread.allocate_lock()  # another thread may have held it at the fork: it never ends here
    _release()
    if _active[0]:
        _begin()


def emit(event):
    """Write one event; `event` must already hold ev; t/tid are added here."""
    if not _active[0]:
        return
    now = event.setdefault("t", clock.monotonic_ns())
    event.setdefault("tid", clock.get_ident())
    append(jsontext.encode(event) + "\n", event["ev"], now)


def queue(line, now):
    """The hot events' append (sleeps, patches): `line` is a whole event that never needs an
    immediate flush, recorded at monotonic ns `now`, either as text or as a record (records.py: format and values):
    a function and the immutable values it turns into the line, format(line). The latter runs at the
    flush, a batch at a time: a sleep's hook then does less work after the sleep, when the process
    wakes with cold caches. Flushes a full or old buffer."""
    _buffer.append(line)
    if len(_buffer) >= MAX_BUFFERED_EVENTS or now > _deadline[0]:
        flush()


def held_fd():
    """The trace fd we hold now, or None: the program's fds are everything else."""
    return _fd


def enabled():
    return _active[0]
