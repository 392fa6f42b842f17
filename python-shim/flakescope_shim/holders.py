"""Which module keeps a resource for the whole process: eventlet.tpool._threads holds its pool,
multiprocessing.resource_tracker._resource_tracker the tracker's pid and pipe fd, oslo_messaging's
METRICS_COLLECTOR its send thread, tornado's ThreadedResolver._threadpool its executor.

A singleton is a module global (or what one holds, a few levels down) that refers to the thread, the
socket or file object of an fd, or names the fd or pid in an attribute. Searched are the modules of
the library package that made the resource (eventlet for tpool's threads), and the package under
test's modules beside the suite line that made it, with one restriction: there the global must be
an object, not a list or dict (a registry of every instance, such as tornado's
IOLoop._ioloop_for_asyncio, keeps what tests leaked, not one thing on purpose). Test modules are
never searched (a test keeping its leak in a module global is still leaking it), nor flakescope's.
The walk goes only a few levels deep, within a visit budget, and a process makes at most
MAX_SEARCHES of them, each only when a boundary reports resources a library created.
Attributes are read with object.__getattribute__, so no property, __getattr__ or proxy of the
program runs, and nothing found is kept (rule 6).
"""
import re
import sys
import types

from . import ownership

# Module global -> what it holds -> what that holds: tpool's list of threads, a tracker's _fd.
MAX_DEPTH = 3
# Bounds on the walk: a module with a 100k-entry cache dict is not a singleton's holder.
MAX_ITEMS = 256
MAX_VISITS = 300_000
# Searches per process: a suite leaking through a library in every test pays for the first ones only.
MAX_SEARCHES = 200
_searches = [0]
_CONTAINERS = (list, tuple, set, frozenset, dict)

_SKIP_TYPES = (type(None), bool, int, float, complex, str, bytes, bytearray, types.ModuleType, types.FunctionType,
               types.BuiltinFunctionType, types.MethodType, types.CodeType, type, range, memoryview)
# An int names an fd or a pid only under such a name (_fd, _forkserver_alive_fd, _handle, _pid): the
# last attribute or key of its path, as a word between underscores.
_FD_NAME = re.compile(r"(?:^|_)(?:fd|fds|fileno|handle)(?:_|$)")
_PID_NAME = re.compile(r"(?:^|_)pid(?:_|$)")
_IO_MODULES = frozenset(["_io", "io", "_socket", "socket", "select"])
# Registries of every thread, child or finalizer of their kind, not one library's singleton:
# multiprocessing.process._children holds every Process, multiprocessing.util._finalizer_registry
# every Queue's pipe. (Primitive modules such as threading and subprocess are skipped as a kind.)
_REGISTRIES = frozenset(["sys", "builtins", "gc", "multiprocessing.process", "multiprocessing.util"])


def _fileno(value):
    """The fd of a stdlib socket, file or epoll object, or None: only their C fileno() runs."""
    if type(value).__module__ not in _IO_MODULES:
        return None
    try:
        fd = value.fileno()
    except BaseException:
        return None
    return fd if isinstance(fd, int) else None


def _children(value):
    """(label, child) pairs of a container or an instance's __dict__, at most MAX_ITEMS."""
    kind = type(value)
    if kind in (list, tuple, set, frozenset) or kind.__name__ == "deque":
        return [("[%d]" % i, v) for i, v in enumerate(list(value)[:MAX_ITEMS])]
    if kind is dict:
        if len(value) > MAX_ITEMS:
            return []
        return [("[%r]" % (k,) if isinstance(k, (str, int)) else "[...]", v) for k, v in list(value.items())]
    try:
        attrs = object.__getattribute__(value, "__dict__")
    except BaseException:
        return []
    if type(attrs) is not dict or len(attrs) > MAX_ITEMS:
        return []
    return [("." + str(k), v) for k, v in list(attrs.items())]


class _Search:
    def __init__(self, objects, fds, pids):
        self.objects = objects  # id(obj) -> key
        self.fds = fds  # fd -> key
        self.pids = pids  # pid -> key
        self.found = {}
        self.seen = set()
        self.visits = 0

    def done(self):
        wanted = len(self.objects) + len(self.fds) + len(self.pids)
        return len(self.found) >= wanted or self.visits >= MAX_VISITS

    def _hit(self, key, path):
        if key is not None and key not in self.found:
            self.found[key] = path

    def match(self, label, value, path):
        self._hit(self.objects.get(id(value)), path)
        if self.fds:
            fd = _fileno(value)
            if fd is not None:
                self._hit(self.fds.get(fd), path)
        if type(value) is int:
            name = label.rpartition(".")[2].strip("[]'\"").lower()
            if _FD_NAME.search(name):
                self._hit(self.fds.get(value), path)
            if _PID_NAME.search(name):
                self._hit(self.pids.get(value), path)

    def walk(self, label, value, path, depth, objects_only=False):
        self.visits += 1
        if objects_only and (issubclass(type(value), _CONTAINERS) or type(value).__name__ == "deque"):
            return
        self.match(label, value, path)
        if depth >= MAX_DEPTH or issubclass(type(value), _SKIP_TYPES) or id(value) in self.seen or self.done():
            return
        self.seen.add(id(value))
        for child_label, child in _children(value):
            self.walk(child_label, child, path + child_label, depth + 1)
            if self.done():
                return


def _holder_modules(libraries, packages):
    """(name, globals, objects_only) of the modules whose globals may hold a singleton: those of the
    library package that made the resource, and the suite's modules beside the line that made it."""
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in libraries and name.rpartition(".")[0] not in packages and name not in packages:
            continue
        if module is None or name == "__main__" or name in _REGISTRIES:
            continue
        try:
            namespace = object.__getattribute__(module, "__dict__")
        except BaseException:
            continue
        if type(namespace) is not dict:
            continue
        kind = ownership.module_kind(name, namespace.get("__file__") or "")
        if kind == "library":
            yield name, namespace, False
        elif kind == "suite" and not ownership.is_test_module(name):
            yield name, namespace, True


def find(objects=(), fds=(), pids=(), libraries=(), packages=()):
    """{key: "module.global.attr"} for each (key, thing) that a module global holds, among the
    modules of the `libraries` (top-level package names) and beside the `packages` (dotted names).
    objects: (key, object) pairs matched by identity; fds and pids: (key, int) pairs."""
    search = _Search({id(o): k for k, o in objects}, {fd: k for k, fd in fds}, {pid: k for k, pid in pids})
    if search.done() or _searches[0] >= MAX_SEARCHES:
        return {}
    _searches[0] += 1
    for name, namespace, objects_only in _holder_modules(set(libraries), set(packages)):
        for attr, value in _globals(name, namespace):
            search.walk(attr, value, "%s.%s" % (name, attr), 1, objects_only)
            if search.done():
                return search.found
    return search.found


def _globals(name, namespace):
    """A module's globals, and the class attributes of its own classes (Foo._instance is a module
    global in all but name)."""
    out = []
    for attr, value in list(namespace.items()):
        if attr.startswith("__"):
            continue
        if issubclass(type(value), type):
            try:
                own = type.__getattribute__(value, "__module__") == name
                attrs = type.__getattribute__(value, "__dict__") if own else {}
            except BaseException:
                continue
            out.extend(("%s.%s" % (attr, k), v) for k, v in list(attrs.items()) if not k.startswith("__"))
        else:
            out.append((attr, value))
    return out
