"""What is alive right now: threads, greenthreads, fds, child processes, and process-wide state.

Each probe returns {key: detail}; a key changes whenever the thing changes
(a new fd, an env var set to another value), so a snapshot diff is a set diff.
Cheap by design: /proc reads and dict copies, no gc walks, no stack walks.
"""
import errno
import os
import stat
import sys
import threading
import weakref

from . import changes, ignore, wrap, writer
from .hooks import state as state_hooks, threads
from .ids import identity

_FD_DIR = "/proc/self/fd"
# Captured at import (rule 2): a test that patches os.getcwd or os.listdir must not fool a snapshot
# into seeing a cwd change or a vanished fd (mock.patch("os.getcwd", return_value="/") did).
_getcwd = os.getcwd
_listdir = os.listdir
_readlink = os.readlink
_fstat = os.fstat
_dup = os.dup
_close = os.close
_get_inheritable = os.get_inheritable
_EBADF = errno.EBADF
_S_ISREG = stat.S_ISREG
_waitid = getattr(os, "waitid", None)
# waitid flags that only ask whether any child exists: never block, never reap (the test may wait for it later).
_CHILD_QUERY = (getattr(os, "WEXITED", 0) | getattr(os, "WNOHANG", 0) | getattr(os, "WNOWAIT", 0)) if _waitid else 0
# Signals whose handlers tests commonly replace; the rest are rarely touched and cost a call each.
WATCHED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE")
UNSET = "<unset>"
_SIGNAL_DEFAULTS = {0: "SIG_DFL", 1: "SIG_IGN", None: "None (not set from Python)"}


# (signal, result) of the last live_threads() without greenthreads: while the signal stands still, the
# threads are not listed again.
_last_threads = [None, None]


def live_threads():
    """{key: detail} of the live threads and greenthreads: the last result itself while the same threads
    are live (callers must not change it). The signal: how many threads are live and starting, and how
    many starts our Thread.start wrapper saw (a thread that ended and another started since). Only a
    foreign thread's dummy Thread can come and go unseen, and those are ignored."""
    # threading's own registries of live and starting threads (what enumerate() lists); without our
    # wrapper on Thread.start, no count says a thread ended and another started: a signal never equal.
    signal = (len(threading._active), len(threading._limbo), threads.starts) if wrap.is_ours_at(threading.Thread, "start") else object()
    # The weak dict's own data: a Python-level len() on every boundary cost more than the signal.
    if not threads.green.data and signal == _last_threads[0]:
        return _last_threads[1]
    listed = threading.enumerate()
    out = {}
    for thread in listed:
        if ignore.matches(ignore.THREAD_RULES, thread):
            continue
        # The C library reuses an ended thread's ident at once; the kernel's thread id tells them apart.
        key = "thread:%d/%s" % (thread.ident, getattr(thread, "native_id", None))
        out[key] = {"kind": "thread", "target": thread.name, "ident": thread.ident,
                    "daemon": bool(thread.daemon), "note": getattr(thread, "_flakescope_note", None)}
    for green in list(threads.green.keys()):
        if not getattr(green, "dead", True):
            note = threads.green.get(green)
            # A new greenthread can take a collected one's id: its creation time tells them apart.
            key = "green:%d/%s" % (id(green), note.get("t") if note else None)
            out[key] = {"kind": "greenthread", "target": _green_name(green, note), "note": note, "obj": weakref.ref(green)}
    _last_threads[0], _last_threads[1] = signal, out
    return out


def _green_name(green, note):
    if note and note.get("runs"):
        return "greenthread %s" % note["runs"]
    run = getattr(green, "_run", None) or getattr(green, "run", None)
    return "greenthread %s" % getattr(run, "__qualname__", type(green).__name__)


# fd -> (what fstat says of it, the ignore rules' inputs, its (key, detail) or None when ignored): an
# fd that still refers to the same file is neither read again from /proc nor matched against the rules
# again (fstat is ~6x cheaper than a readlink, and the rules cost twice the fstat).
_fd_entries = {}


# The last full listing: the cheap signal before it, the rules' state, the fds it reported and their numbers.
_last_fds = {"signal": None, "state": None, "out": {}, "numbers": ()}


def fds(quick=False):
    """{key: detail} of the open fds. With quick, when the cheap signal (_fd_signal) has not moved
    since the last full listing, that listing's result itself is returned (callers must not change
    it): a few system calls instead of a /proc listing and an fstat per fd. The caller passes quick
    only at test boundaries: scope boundaries and exit always list."""
    state = ignore.fd_rules_state()
    last = _last_fds
    if quick and last["signal"] is not None and last["state"] == state and _fd_signal(last["numbers"]) == last["signal"]:
        return last["out"]
    # Read before listing: whatever opens during the listing moves the next signal, never hides.
    signal = _fd_signal(())
    out = {}
    try:
        names = _listdir(_FD_DIR)
    except OSError:
        return out
    for name in names:
        try:
            fd = int(name)
            entry = _fd_entry(fd, name, state)
        except (ValueError, OSError):
            continue
        if entry is not None:
            out[entry[0]] = entry[1]
    last["signal"], last["state"], last["out"] = signal, state, out
    last["numbers"] = tuple(detail["fd"] for detail in out.values())
    return out


def _fd_signal(numbers):
    """What moves when an fd is opened or closed, or None when it cannot be read: the lowest free number
    (POSIX gives every new fd the lowest free one, so any fd opened and still open moves it), the count
    of creations the audit hook noted (an open hidden by a close below it), and whether each of numbers
    above the lowest free one is still open (a close above a gap; below it every number is open). Blind
    only to an fd closed and another opened under its number by code no audit event sees (C code): the
    next full listing shows it. A system call costs microseconds here: two, plus one per fd above a gap."""
    held = writer.held_fd()
    if held is None:
        return None
    try:
        low = _dup(held)
    except OSError:
        return None
    _close(low)
    for fd in numbers:
        if fd > low:
            try:
                _get_inheritable(fd)
            except OSError:
                return None
    return low, changes.created


# In place of an fd's fstat identity in its cache entry: an ignore rule decided it by its number alone
# (stdio, our trace file), which stays decided while the rules' state does, with no fstat at all.
_BY_NUMBER = "by number"


def _fd_entry(fd, name, state):
    """(key, detail) of fd, or None when an ignore rule matches; reused while fd refers to the same file."""
    known = _fd_entries.get(fd)
    if known is not None and known[0] is _BY_NUMBER and known[1] == state:
        return None
    try:
        st = _fstat(fd)
    except OSError as exc:
        if exc.errno == _EBADF:
            return None  # closed since the listing: the listing's own fd, every time (or another thread's)
        return _decide(fd, _readlink("%s/%s" % (_FD_DIR, name)))
    ident = (st.st_dev, st.st_ino, st.st_nlink)
    # Not for a regular file: a filesystem reuses a deleted file's inode for the next file created, so
    # a temp file made under the number and inode of one deleted since has the same fstat identity.
    if known is not None and known[0] == ident and known[1] == state and not _S_ISREG(st.st_mode):
        return known[2]
    if ignore.matches(ignore.FD_NUMBER_RULES, fd, None):
        _fd_entries[fd] = (_BY_NUMBER, state, None)
        return None
    entry = _decide(fd, _readlink("%s/%s" % (_FD_DIR, name)))
    _fd_entries[fd] = (ident, state, entry)
    return entry


def _decide(fd, target):
    if ignore.matches(ignore.FD_RULES, fd, target):
        return None
    return "fd:%d:%s" % (fd, target), {"kind": "fd", "fd": fd, "target": target}


def _has_children():
    """One syscall instead of a /proc read per thread: waitid says ECHILD when there is no child at all."""
    if _waitid is None:
        return True
    try:
        _waitid(os.P_ALL, 0, _CHILD_QUERY)
    except ChildProcessError:
        return False
    except OSError:
        return True
    return True


# children() when there are none: one object, so a snapshot sees that nothing changed by identity.
_NO_CHILDREN = {}


def children():
    """Direct children (running or zombie: started and never waited), from /proc/self/task/*/children.
    Callers must not change the result."""
    if not _has_children():
        return _NO_CHILDREN
    out = {}
    try:
        tasks = _listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open("/proc/self/task/%s/children" % tid, "rb") as handle:
                pids = handle.read().split()
        except OSError:
            continue
        for pid in pids:
            out["child:%s" % pid.decode()] = {"kind": "child", "pid": int(pid)}
    return out


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            return [a.decode("utf-8", "replace") for a in handle.read().split(b"\0") if a]
    except OSError:
        return []


# (os.environ's own dict, changes.env, the copy) at the last copy of the environment.
_last_env = [None, None, None]


def environ(quick=False):
    """os.environ as bytes -> bytes (the cheapest faithful copy), runner-owned keys removed. With quick
    (a test boundary), the last copy itself while the audit hook saw no putenv/unsetenv since (callers
    must not change it): only code writing into os.environ's private dict goes unseen until the next
    full copy (scope boundaries, exit)."""
    data = getattr(os.environ, "_data", None)
    last = _last_env
    if quick and data is not None and data is last[0] and last[1] == changes.env and changes.watching:
        return last[2]
    seen = changes.env
    env = dict(data) if data is not None else {k.encode(): v.encode() for k, v in os.environ.items()}
    if not _decided_keys.issuperset(env):
        for key in env.keys() - _decided_keys:
            if ignore.matches(ignore.ENV_RULES, key.decode("utf-8", "replace")):
                _ignored_keys.add(key)
            _decided_keys.add(key)
    for key in _ignored_keys.intersection(env):
        del env[key]
    last[0], last[1], last[2] = data, seen, env
    return env


# Env keys (bytes) already matched against the rules, and those the rules ignore: the rules are pure and
# keys repeat at every boundary, so a boundary decides only new keys, in set operations rather than a
# Python call per key.
_decided_keys = set()
_ignored_keys = set()


# (changes.chdirs, cwd) at the last read of the cwd.
_last_cwd = [None, None]


def _cwd(quick):
    """The cwd; with quick, the last one read while the audit hook saw no os.chdir since. Only C code
    changing it behind Python's back, or another thread's chdir between its audit event and the change
    itself while we read, goes unseen until the next full read (scope boundaries, exit)."""
    if quick and _last_cwd[0] == changes.chdirs and changes.watching:
        return _last_cwd[1]
    seen = changes.chdirs
    try:
        cwd = _getcwd()
    except OSError:
        cwd = UNSET
    _last_cwd[0], _last_cwd[1] = seen, cwd
    return cwd


# (what process_state() read, the state it returned): while a read gives the same, the same state is
# returned (callers must not change it), so a snapshot compares it by identity.
_last_state = [None, None]


def process_state(quick=False):
    """cwd, sys.path, logging, signal handlers, socket timeout, asyncio policy: {key: (token, shown)};
    shown may be a function of the token, for state whose readable form costs more than its token (see shown()).
    quick: the caller is at a test boundary (see _cwd)."""
    cwd = _cwd(quick)
    path = tuple(sys.path)
    loggers = _loggers()
    signals = _signals(quick)
    socket = sys.modules.get("socket")
    timeout = socket.getdefaulttimeout() if socket is not None else _NO_SOCKET
    events = sys.modules.get("asyncio.events")
    policy = None
    if events is not None:
        # Compared by class: get_event_loop_policy() creates the default one lazily, which is not a change.
        policy = getattr(events, "_event_loop_policy", None)
        policy = type(policy).__name__ if policy is not None else _default_policy_name()
    read = (cwd, path, loggers, signals, timeout, policy)
    if read == _last_state[0]:
        return _last_state[1]
    state = {"cwd": (cwd, cwd), "sys.path": (path, path)}
    for name, token in loggers:
        state["logging:%s" % name] = (token, _logger_shown)
    if signals is not None:
        state.update(_last_signals[1])
    if timeout is not _NO_SOCKET:
        state["socket.getdefaulttimeout()"] = (timeout, repr(timeout))
    if policy is not None:
        state["asyncio event loop policy"] = (policy, policy)
    _last_state[0], _last_state[1] = read, state
    return state


# socket not imported: no default timeout to read (None is a timeout: none set).
_NO_SOCKET = object()


def _default_policy_name():
    asyncio = sys.modules.get("asyncio")
    default = getattr(asyncio, "DefaultEventLoopPolicy", None)
    return default.__name__ if default is not None else "default"


# A logger's token at its defaults: level NOTSET, no handler, enabled, propagating.
_LOGGER_DEFAULTS = (0, (), False, True)


def _loggers():
    """((name, token), ...) of the root logger and every logger not at its defaults."""
    logging = sys.modules.get("logging")
    if logging is None:
        return ()
    Logger = logging.Logger
    out = [("root", _logger_token(logging.root))]
    # Plain loops, not comprehensions: before 3.12 each one makes a function object, on every boundary.
    for name, logger in list(Logger.manager.loggerDict.items()):
        # A logger at its defaults with no handler (nearly all of them) is skipped before building its token.
        if isinstance(logger, Logger) and (logger.handlers or logger.level or logger.disabled or not logger.propagate):
            token = _logger_token(logger)
            if token != _LOGGER_DEFAULTS:  # a logger at its defaults: creating one is not a change of state
                out.append((name, token))
    return tuple(out)


def _logger_token(logger):
    handlers = ()
    if logger.handlers:
        handlers = tuple([(identity(h), type(h).__name__) for h in logger.handlers if not ignore.matches(ignore.HANDLER_RULES, h)])
    return (logger.level, handlers, logger.disabled, logger.propagate)


def _logger_shown(token):
    """How a logger's state reads in a finding, from its token: worked out only for a state that changed."""
    level, handlers, disabled, propagate = token
    logging = sys.modules.get("logging")
    level_name = logging.getLevelName(level) if logging is not None else str(level)
    return "level=%s handlers=[%s]%s%s" % (level_name, ", ".join(name for _, name in handlers),
                                         " disabled" if disabled else "", "" if propagate else " propagate=False")


def shown(entry):
    """The readable form of a process_state() entry (token, shown): shown, or shown(token) when it is a function."""
    token, how = entry
    return how(token) if callable(how) else how


# (handlers, state entries, changes.signals then) of the last _signals(): entries are worked out again
# only when a handler changed.
_last_signals = [None, None, None]
# (name, number or None) of WATCHED_SIGNALS, read from _signal once; the numbers this platform has.
_signal_numbers = []
_signal_readable = []


def _signals(quick=False):
    """The watched signals' handlers (their state entries in _last_signals[1]), or None before signal is
    imported. With quick, the last handlers while our signal.signal wrapper saw no call since: a C
    extension setting a Python-level handler, or code calling _signal.signal itself, goes unseen
    until the next full read (scope boundaries, exit)."""
    # _signal.getsignal: signal.getsignal converts every result to an enum, ten times slower.
    signal = sys.modules.get("_signal")
    if signal is None or "signal" not in sys.modules:
        return None
    last = _last_signals
    if quick and last[0] is not None and last[2] == changes.signals and state_hooks.counting_signals():
        return last[0]
    seen = changes.signals
    if not _signal_numbers:
        _signal_numbers.extend((name, getattr(signal, name, None)) for name in WATCHED_SIGNALS)
        _signal_readable.extend(number for _, number in _signal_numbers if number is not None)
    numbers = _signal_numbers
    try:
        # One C call per signal, no Python loop: the common case, every watched signal exists and reads.
        handlers = tuple(map(signal.getsignal, _signal_readable)) if len(_signal_readable) == len(numbers) else None
    except (ValueError, OSError):
        handlers = None
    if handlers is None:
        handlers = []
        for name, number in numbers:
            try:
                handlers.append(signal.getsignal(number) if number is not None else _NO_SIGNAL)
            except (ValueError, OSError):
                handlers.append(_NO_SIGNAL)
        handlers = tuple(handlers)
    if handlers != _last_signals[0]:
        entries = {}
        for (name, _), handler in zip(numbers, handlers):
            if handler is _NO_SIGNAL:
                continue
            if isinstance(handler, int) or handler is None:
                entries["signal.%s" % name] = (handler, _SIGNAL_DEFAULTS.get(handler, str(handler)))
            else:
                entries["signal.%s" % name] = (id(handler), getattr(handler, "__qualname__", None) or type(handler).__name__)
        last[0], last[1] = handlers, entries
    last[2] = seen
    return handlers


# A watched signal this platform lacks, or whose handler cannot be read.
_NO_SIGNAL = object()
