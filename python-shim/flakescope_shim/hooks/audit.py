"""Where resources are created and process state is changed, via sys.addaudithook.

The hook only notes the creation site, test and owner scope of what it sees
(files by path, sockets by weakref, child processes by argv, environment keys,
cwd); snapshot.py pairs them with what appears at the next test boundary.
Audit hooks cannot be removed, so the hook does nothing once the trace is off,
and it never raises: an exception in an audit hook would reach the caller.
"""
import sys
import weakref
from collections import OrderedDict, deque

from .. import context, site, writer
from . import threads

# Enough for the files a test suite keeps open at once; older notes are dropped first.
MAX_NOTES = 4096

opens = OrderedDict()  # path (str) -> note
sockets = deque(maxlen=MAX_NOTES)  # (weakref to socket, note), oldest dropped first
spawns = deque(maxlen=MAX_NOTES)  # (argv list, note), newest last
env = {}  # key -> note of the last putenv/unsetenv
state = {}  # "cwd" -> note of the last chdir
spawned_any = False  # children are only probed once something was spawned
_installed = False


def note(frame):
    """Who is creating something now: user site, test, owning scope (carried into threads)."""
    carried = threads.carried()
    if carried is not None:
        return {"site": site.find(frame), "test": carried["test"], "owner": carried["owner"]}
    return {"site": site.find(frame), "test": context.current_test(), "owner": context.owner()}


def _bounded(mapping, key, value):
    mapping[key] = value
    mapping.move_to_end(key)
    if len(mapping) > MAX_NOTES:
        mapping.popitem(last=False)


def _argv(args, executable):
    if isinstance(args, (str, bytes)):
        return [args.decode("utf-8", "replace") if isinstance(args, bytes) else args]
    try:
        return [a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in args]
    except TypeError:
        return [str(executable)]


def _on_open(args, frame):
    path = args[0]
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    if isinstance(path, str):
        _bounded(opens, path, note(frame))


def _on_socket(args, frame):
    sockets.append((weakref.ref(args[0]), note(frame)))


def _on_spawn(args, frame):
    """subprocess.Popen and os.posix_spawn both audit (executable, args, ...)."""
    global spawned_any
    spawned_any = True
    spawns.append((_argv(args[1], args[0]), note(frame)))


def _on_env(args, frame):
    key = args[0]
    if isinstance(key, bytes):
        key = key.decode("utf-8", "replace")
    env[str(key)] = note(frame)


def _on_chdir(args, frame):
    state["cwd"] = note(frame)


_HANDLERS = {
    "open": _on_open,
    "socket.__new__": _on_socket,
    "subprocess.Popen": _on_spawn,
    "os.posix_spawn": _on_spawn,
    "os.putenv": _on_env,
    "os.unsetenv": _on_env,
    "os.chdir": _on_chdir,
}


# The process may end or become another program right after these: buffered events go to disk first.
_FLUSH_BEFORE = frozenset(["os.kill", "os.killpg", "os.exec"])


# Every event the hook acts on: one set lookup dismisses the rest, which in 3.11 include an
# object.__getattr__ per frame.f_code read and a builtins.id per id() call, the shim's own among them.
_WATCHED = frozenset(_HANDLERS) | _FLUSH_BEFORE


# Opens every import makes (source, bytecode) and closes at once: never a leak, and noting them (a
# walk to the importing user frame) cost a process ~2 ms per 100 modules imported.
_IMPORT_SYSTEM = "importlib._bootstrap_external"


def _hook(event, args):
    if event not in _WATCHED:
        return
    if event in _FLUSH_BEFORE:
        writer.flush()
    handler = _HANDLERS.get(event)
    if handler is None or not writer.enabled():
        return
    try:
        frame = sys._getframe(1)
        module = frame.f_globals.get("__name__", "")
        if module.startswith("flakescope_shim") or module == _IMPORT_SYSTEM:
            return  # our own probes, or a module's source being read
        handler(args, frame)
    except BaseException:
        pass  # never let an audit hook raise into the audited call (rule 1)


def install():
    global _installed
    if _installed or not hasattr(sys, "addaudithook"):
        return
    _installed = True
    sys.addaudithook(_hook)
