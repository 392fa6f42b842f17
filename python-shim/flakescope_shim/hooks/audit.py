"""Where resources are created and process state is changed, via sys.addaudithook and a few wrappers.

The hook only notes who is creating something (ownership.blame: the suite's site and the library
frame that did it), the test and the owner scope: files by path, sockets by weakref, environment
keys, cwd, sys.path. Children are noted by pid and pipes by inode from wrappers over the calls that
make them (fork_exec, fork, posix_spawn, pipe), since no audit event carries the pid, and
multiprocessing starts its helpers through _posixsubprocess directly. snapshot.py pairs the notes
with what appears at the next test boundary.
Audit hooks cannot be removed, so the hook does nothing once the trace is off or uninstall() ran, and
it never raises: an exception in an audit hook would reach the caller.
"""
import os
import sys
import weakref
from collections import OrderedDict, deque

try:
    import _posixsubprocess
except ImportError:  # not on every platform
    _posixsubprocess = None

from .. import changes, clock, context, importhook, ownership, wrap, writer
from . import threads

# Enough for the files a test suite keeps open at once; older notes are dropped first.
MAX_NOTES = 4096

opens = OrderedDict()  # path (str) -> note
sockets = deque(maxlen=MAX_NOTES)  # (weakref to socket, note), oldest dropped first
children = OrderedDict()  # pid -> note of the call that started it
pipes = OrderedDict()  # pipe inode -> note of the os.pipe call
selectors = OrderedDict()  # epoll/kqueue fd -> note of the selector that made it (an event loop's)
env = {}  # key -> note of the last putenv/unsetenv
state = {}  # "cwd", "sys.path", "logging:<name>#level"... -> note of the last change
touched = {}  # env/state key -> note of a call since the last boundary that set the value it already had
spawned_any = False  # children are only probed once something was spawned
_hooked = False  # sys.addaudithook ran: once per process, for good
_undo = wrap.Undo()
_path = [None, 0]  # sys.path as last seen by the hook: (list identity, length)


def note(frame, target=None):
    """Who is creating something now: suite site, library frame, test, owning scope (carried into threads)."""
    where, by, near = ownership.blame(frame, target)
    carried = threads.carried()
    out = carried if carried is not None else {"test": context.current_test(), "owner": context.owner()}
    made = {"site": where, "test": out["test"], "owner": out["owner"], "t": clock.monotonic_ns(), "near": near}
    if by is not None:
        made["by"] = by
    return made


def remember(mapping, key, value):
    changes.created += 1
    mapping[key] = value
    mapping.move_to_end(key)
    if len(mapping) > MAX_NOTES:
        mapping.popitem(last=False)


def note_state(key, value):
    """A state change noted at key; a later framework restore with no suite frame keeps the suite's line."""
    if value["site"] is None and value.get("by") is None and key in state:
        return
    state[key] = value


def touch(key, value):
    """The suite's code set key to the value it already had (re-applied it)."""
    if value["site"] is not None:
        touched[key] = value


def _on_open(args, frame):
    path = args[0]
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    if isinstance(path, str):
        remember(opens, path, note(frame))


def _on_socket(args, frame):
    changes.created += 1
    sockets.append((weakref.ref(args[0]), note(frame)))


def _on_env(args, frame):
    """putenv(key, value) / unsetenv(key), audited before os.environ's own dict is updated."""
    key = args[0]
    data = getattr(os.environ, "_data", None)
    same = data is not None and (data.get(key) == args[1] if len(args) > 1 else key not in data)
    if isinstance(key, bytes):
        key = key.decode("utf-8", "replace")
    made = note(frame)
    if same:
        touch("os.environ[%s]" % key, made)
    else:
        env[str(key)] = made


def _on_chdir(args, frame):
    note_state("cwd", note(frame))


def _watch_path(frame):
    """sys.path has no audit event: a change is noted at the next audited call, from inside the same
    call of the suite's code when a library prepends and then imports (alembic's prepend_sys_path)."""
    path = sys.path
    if path is _path[0] and len(path) == _path[1]:
        return
    known = _path[0] is not None
    _path[0], _path[1] = path, len(path)
    if known:
        note_state("sys.path", note(frame))


_HANDLERS = {
    "open": _on_open,
    "socket.__new__": _on_socket,
    "os.putenv": _on_env,
    "os.unsetenv": _on_env,
    "os.chdir": _on_chdir,
}


# The process may end or become another program right after these: buffered events go to disk first.
_FLUSH_BEFORE = frozenset(["os.kill", "os.killpg", "os.exec"])
_ENV_EVENTS = frozenset(["os.putenv", "os.unsetenv"])
# Audited often enough to see a sys.path change close to where it happened.
_PATH_WATCH = frozenset(["import", "exec"])


# Every event the hook acts on: one set lookup dismisses the rest, which in 3.11 include an
# object.__getattr__ per frame.f_code read and a builtins.id per id() call, the shim's own among them.
_ALL_WATCHED = frozenset(_HANDLERS) | _FLUSH_BEFORE | _PATH_WATCH
_WATCHED = frozenset()  # _ALL_WATCHED while installed: uninstall() empties it, as the hook stays


# Opens every import makes (source, bytecode) and closes at once: never a leak, and noting them (a
# walk to the importing user frame) made every import slower.
_IMPORT_SYSTEM = "importlib._bootstrap_external"


def _hook(event, args):
    if event not in _WATCHED:
        return
    # Before any filter: the probes must see every change, ours and importlib's too.
    if event == "os.chdir":
        changes.chdirs += 1
    elif event in _ENV_EVENTS:
        changes.env += 1
    if event in _FLUSH_BEFORE:
        writer.flush()
    if not writer.enabled():
        return
    try:
        frame = sys._getframe(1)
        module = frame.f_globals.get("__name__", "")
        if module.startswith("flakescope_shim"):
            return  # our own probes
        _watch_path(frame)
        handler = _HANDLERS.get(event)
        if handler is None or module == _IMPORT_SYSTEM:
            return  # a module's source being read
        handler(args, frame)
    except BaseException:
        pass  # never let an audit hook raise into the audited call (rule 1)


def _spawned(pid, frame):
    global spawned_any
    spawned_any = True
    if isinstance(pid, int) and pid > 0:
        remember(children, pid, note(frame))


def _wrap_spawn(original):
    """fork_exec, posix_spawn, posix_spawnp: the pid they return is the child's."""
    def spawn(*args, **kwargs):
        pid = original(*args, **kwargs)
        try:
            _spawned(pid, sys._getframe(1))
        except BaseException:
            pass
        return pid

    return spawn


def _wrap_fork(original):
    def fork(*args, **kwargs):
        frame = sys._getframe(1)
        pid = original(*args, **kwargs)
        if pid:  # the parent: in the child, 0
            try:
                _spawned(pid, frame)
            except BaseException:
                pass
        return pid

    return fork


_fstat = os.fstat


def _wrap_pipe(original):
    def pipe(*args, **kwargs):
        fds = original(*args, **kwargs)
        try:
            remember(pipes, _fstat(fds[0]).st_ino, note(sys._getframe(1)))
        except BaseException:
            pass
        return fds

    return pipe


def _wrap_selector_init(original):
    """selectors' epoll/kqueue selectors (every asyncio event loop has one): no audit event opens them."""
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        try:
            fileno = getattr(type(self._selector), "fileno", None)
            if fileno is not None:
                remember(selectors, fileno(self._selector), note(sys._getframe(1)))
        except BaseException:
            pass

    return __init__


def _install_selectors(module):
    base = getattr(module, "_PollLikeSelector", None)
    if base is not None:
        _undo.replace(base, "__init__", _wrap_selector_init)


def _install_wrappers():
    if _posixsubprocess is not None:
        _undo.replace(_posixsubprocess, "fork_exec", _wrap_spawn)
    for name in ("posix_spawn", "posix_spawnp"):
        _undo.replace(os, name, _wrap_spawn)
    _undo.replace(os, "fork", _wrap_fork)
    for name in ("pipe", "pipe2"):
        _undo.replace(os, name, _wrap_pipe)
    # subprocess (3.11+) binds fork_exec at its import, which may come before ours.
    importhook.when_imported("subprocess", lambda module: _undo.replace(module, "_fork_exec", _wrap_spawn))
    importhook.when_imported("selectors", _install_selectors)


def install():
    global _hooked, _WATCHED
    if _WATCHED or not hasattr(sys, "addaudithook"):
        return
    _WATCHED = _ALL_WATCHED
    changes.watching = True
    _path[0], _path[1] = sys.path, len(sys.path)
    if not _hooked:
        _hooked = True
        sys.addaudithook(_hook)
    _install_wrappers()


def uninstall():
    """The hook stays (it cannot be removed) but watches nothing; the wrappers' originals go back."""
    global _WATCHED
    _WATCHED = frozenset()
    changes.watching = False
    _undo.restore()
