"""What is alive right now: threads, greenthreads, fds, child processes, and process-wide state.

Each probe returns {key: detail}; a key changes whenever the thing changes
(a new fd, an env var set to another value), so a snapshot diff is a set diff.
Cheap by design: /proc reads and dict copies, no gc walks, no stack walks.
"""
import errno
import os
import sys
import threading
import weakref

from . import ignore
from .hooks import threads

_FD_DIR = "/proc/self/fd"
# Captured at import (rule 2): a test that patches os.getcwd or os.listdir must not fool a snapshot
# into seeing a cwd change or a vanished fd (mock.patch("os.getcwd", return_value="/") did).
_getcwd = os.getcwd
_listdir = os.listdir
_readlink = os.readlink
_fstat = os.fstat
_EBADF = errno.EBADF
_waitid = getattr(os, "waitid", None)
# waitid flags that only ask whether any child exists: never block, never reap (the test may wait for it later).
_CHILD_QUERY = (getattr(os, "WEXITED", 0) | getattr(os, "WNOHANG", 0) | getattr(os, "WNOWAIT", 0)) if _waitid else 0
# Signals whose handlers tests commonly replace; the rest are rarely touched and cost a call each.
WATCHED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE")
UNSET = "<unset>"
_SIGNAL_DEFAULTS = {0: "SIG_DFL", 1: "SIG_IGN", None: "None (not set from Python)"}


def live_threads():
    out = {}
    for thread in threading.enumerate():
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


# (names listed, rules state, result) of the last fds() call: see fds(unchanged_numbers_same_files).
_last_fds = [None, None, None]


def fds(unchanged_numbers_same_files=False):
    """{key: detail} of the open fds. With unchanged_numbers_same_files, when /proc lists the same fd
    numbers as at the last call, the last result is returned without an fstat per fd (a system call each
    here): an fd closed and reopened under its number since then is seen as changed at the next
    full call. The caller passes it only when no code it observes ran since the last call."""
    out = {}
    try:
        names = _listdir(_FD_DIR)
    except OSError:
        return out
    state = ignore.fd_rules_state()
    last_names, last_state, last_out = _last_fds
    if unchanged_numbers_same_files and names == last_names and state == last_state:
        return dict(last_out)
    _last_fds[:] = names, state, out
    for name in names:
        try:
            fd = int(name)
            entry = _fd_entry(fd, name, state)
        except (ValueError, OSError):
            continue
        if entry is not None:
            out[entry[0]] = entry[1]
    return out


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
    if known is not None and known[0] == ident and known[1] == state:
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


def children():
    """Direct children (running or zombie: started and never waited), from /proc/self/task/*/children."""
    out = {}
    if not _has_children():
        return out
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


def environ():
    """os.environ as bytes -> bytes (the cheapest faithful copy), runner-owned keys removed."""
    data = getattr(os.environ, "_data", None)
    env = dict(data) if data is not None else {k.encode(): v.encode() for k, v in os.environ.items()}
    if not _decided_keys.issuperset(env):
        for key in env.keys() - _decided_keys:
            if ignore.matches(ignore.ENV_RULES, key.decode("utf-8", "replace")):
                _ignored_keys.add(key)
            _decided_keys.add(key)
    for key in _ignored_keys.intersection(env):
        del env[key]
    return env


# Env keys (bytes) already matched against the rules, and those the rules ignore: the rules are pure and
# keys repeat at every boundary, so a boundary decides only new keys, in set operations rather than a
# Python call per key.
_decided_keys = set()
_ignored_keys = set()


def process_state():
    """cwd, sys.path, logging, signal handlers, socket timeout, asyncio policy: {key: (token, shown)};
    shown may be a function of the token, for state whose readable form costs more than its token (see shown())."""
    state = {}
    try:
        cwd = _getcwd()
    except OSError:
        cwd = UNSET
    state["cwd"] = (cwd, cwd)
    path = tuple(sys.path)
    state["sys.path"] = (path, path)
    _logging(state)
    _signals(state)
    socket = sys.modules.get("socket")
    if socket is not None:
        timeout = socket.getdefaulttimeout()
        state["socket.getdefaulttimeout()"] = (timeout, repr(timeout))
    events = sys.modules.get("asyncio.events")
    if events is not None:
        # Compared by class: get_event_loop_policy() creates the default one lazily, which is not a change.
        policy = getattr(events, "_event_loop_policy", None)
        name = type(policy).__name__ if policy is not None else _default_policy_name()
        state["asyncio event loop policy"] = (name, name)
    return state


def _default_policy_name():
    asyncio = sys.modules.get("asyncio")
    default = getattr(asyncio, "DefaultEventLoopPolicy", None)
    return default.__name__ if default is not None else "default"


def _logging(state):
    logging = sys.modules.get("logging")
    if logging is None:
        return
    loggers = [("root", logging.root)]
    loggers.extend((name, lg) for name, lg in list(logging.Logger.manager.loggerDict.items()) if isinstance(lg, logging.Logger))
    for name, logger in loggers:
        handlers = tuple((id(h), type(h).__name__) for h in logger.handlers if not ignore.matches(ignore.HANDLER_RULES, h))
        token = (logger.level, handlers, logger.disabled, logger.propagate)
        if name != "root" and token == (0, (), False, True):
            continue  # a logger at its defaults: creating one is not a change of state
        state["logging:%s" % name] = (token, _logger_shown)


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


def _signals(state):
    # _signal.getsignal: signal.getsignal converts every result to an enum, ten times slower.
    signal = sys.modules.get("_signal")
    if signal is None or "signal" not in sys.modules:
        return
    for name in WATCHED_SIGNALS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            handler = signal.getsignal(number)
        except (ValueError, OSError):
            continue
        if isinstance(handler, int) or handler is None:
            state["signal.%s" % name] = (handler, _SIGNAL_DEFAULTS.get(handler, str(handler)))
        else:
            state["signal.%s" % name] = (id(handler), getattr(handler, "__qualname__", None) or type(handler).__name__)
