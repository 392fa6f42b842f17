"""Who made a piece of state: the suite's own code, or a library acting on its own.

The suite is the test modules, their helpers and fixtures, and the package under test: modules in a
package a test module belongs to (nova for nova.tests.functional..., test for CPython's test.test_x,
tornado for tornado.test), and modules loaded from files under the run's cwd outside site-packages.
Everything else that is not flakescope, a test tool or a low-level stdlib primitive is a library.

blame(frame) walks outwards from where something was created and returns the innermost suite frame
(the finding's site) and the innermost library frame inside it (evidence.createdBy), e.g. nova's
fixture line that created an engine, and oslo_db's line that then set a logger's level.
"""
import os

from . import callsite

# Standard-library packages that keep state of their own (multiprocessing's resource tracker and
# forkserver, concurrent.futures' pools, servers' threads): a library when they create something.
# The rest of the stdlib only carries out what its caller asked (start a thread, open a file, set a
# logger level, make an event loop) and is never "the library that did it"; test tools neither.
_STDLIB_LIBRARIES = ("multiprocessing", "concurrent", "socketserver", "http", "xmlrpc", "wsgiref", "logging.handlers")
_TOOLS = callsite.FRAMEWORK_PACKAGES - {"eventlet", "gevent", "greenlet"}
# eventlet's and gevent's spawn and green-stdlib modules are primitives; the rest of them (tpool,
# wsgi, backdoor) are libraries that keep state of their own.
_GREEN_PRIMITIVES = ("eventlet.greenthread", "eventlet.greenpool", "eventlet.green", "eventlet.greenio",
                     "eventlet.hubs", "eventlet.patcher", "eventlet.event", "eventlet.queue",
                     "eventlet.semaphore", "eventlet.timeout", "eventlet.support",
                     "gevent.greenlet", "gevent.pool", "gevent.hub", "gevent.monkey", "greenlet")
_SITE_DIRS = ("site-packages", "dist-packages")
_ORIGINAL_PREFIX = "__original_module_"
# A stack deeper than this is walked no further (recursion-heavy code; a site is near the top).
MAX_FRAMES = 400

_suite_prefixes = set()  # module names (and their packages) that are the suite's own
_test_modules = set()  # modules tests were loaded from
_kind_cache = {}  # module name -> "suite" | "ours" | "primitive" | "library"
_file_cache = {}  # co_filename -> under the cwd, outside site-packages
_cwd = os.getcwd()


def add_test_module(name):
    """Note a module that holds tests: its top-level package is the suite's (a stdlib or tool
    package's own tests, unittest.test for example, only that subpackage)."""
    if not name or name.startswith("<"):
        return
    _test_modules.add(name)
    parts = name.split(".")
    top = parts[0]
    if top in callsite.STDLIB or top in callsite.FRAMEWORK_PACKAGES:
        prefix = ".".join(parts[:2]) if len(parts) > 1 else name
    else:
        prefix = top
    if prefix == "__main__" or prefix in _suite_prefixes:
        return
    _suite_prefixes.add(prefix)
    _kind_cache.clear()


def _in_suite_package(name):
    if name in _suite_prefixes:
        return True
    dot = name.find(".")
    while dot != -1:
        if name[:dot] in _suite_prefixes:
            return True
        dot = name.find(".", dot + 1)
    return False


def _under_cwd(filename):
    hit = _file_cache.get(filename)
    if hit is None:
        path = os.path.abspath(filename)
        hit = path.startswith(_cwd + os.sep) and not any(d in path.split(os.sep) for d in _SITE_DIRS)
        if len(_file_cache) > 10000:
            _file_cache.clear()
        _file_cache[filename] = hit
    return hit


def _is_green_primitive(name):
    return any(name == p or name.startswith(p + ".") for p in _GREEN_PRIMITIVES)


def module_kind(name, filename=""):
    """"suite", "ours", "primitive" or "library" for a module name (and its file)."""
    key = name
    hit = _kind_cache.get(key)
    if hit is not None:
        return hit
    if name.startswith(_ORIGINAL_PREFIX):
        name = name[len(_ORIGINAL_PREFIX):]  # eventlet's unpatched copy of a stdlib module
    top = name.partition(".")[0]
    if top == "flakescope_shim" or top == "sitecustomize":
        hit = "ours"
    elif _in_suite_package(name) or name == "__main__":
        hit = "suite"
    elif top in callsite.STDLIB and not any(name == p or name.startswith(p + ".") for p in _STDLIB_LIBRARIES):
        hit = "primitive"
    elif top in _TOOLS or _is_green_primitive(name) or name.startswith("<"):
        hit = "primitive"
    elif top not in callsite.STDLIB and top not in callsite.FRAMEWORK_PACKAGES and filename and not filename.startswith("<") and _under_cwd(filename):
        hit = "suite"  # a helper module next to the tests, or the package under test in a checkout
    else:
        hit = "library"
    if len(_kind_cache) > 10000:
        _kind_cache.clear()
    _kind_cache[key] = hit
    return hit


def is_test_module(name):
    """A module that holds tests (or test helpers: any part of its name starts with "test")."""
    return name in _test_modules or any(part.startswith("test") for part in name.split("."))


def frame_kind(frame):
    name = callsite.module_name(frame)
    hit = _kind_cache.get(name)
    # module_kind decides by name, reading the file only once: f_code is read on a miss alone, since
    # every read of it is an audit event (object.__getattr__), our own hook's call included.
    return hit if hit is not None else module_kind(name, frame.f_code.co_filename)


def _site_with_module(frame):
    out = callsite.site_of(frame)
    out["module"] = callsite.module_name(frame)
    return out


def _passes_through(frame, codes):
    """The frame's function defined a functools.wraps wrapper around what the thread will run: a generic spawn
    wrapper (nova.utils.spawn's context_wrapper, a test fixture's test_case_id_wrapper). Told by
    code objects alone: reading frame.f_locals would keep every local of a running frame alive
    (an executor a test deletes to see it shut down, rule 6)."""
    consts = frame.f_code.co_consts
    return any(code in consts for code in codes)


# functools.wraps chains are short; the bound stops a pathological __wrapped__ cycle.
MAX_WRAPS = 8


def _wrap_chain(target):
    """target, what it wraps (functools.wraps' __wrapped__), what that wraps...: nova.utils.spawn's
    context_wrapper around a test fixture's wrapper around Host._conn_event_thread."""
    chain = []
    while target is not None and len(chain) < MAX_WRAPS:
        chain.append(target)
        target = getattr(target, "__wrapped__", None) if type(target).__name__ == "function" else None
    return chain


def _unwrapped(target):
    chain = _wrap_chain(target)
    return chain[-1] if chain else None


def blame(frame, target=None):
    """(site, createdBy, near) from `frame` outwards: the innermost suite frame, skipping suite frames
    that only pass `target` (what a new thread will run) on to the next; the innermost library frame
    inside it, or None when the suite (or a primitive at its request) did it directly; and where a
    singleton keeping it would be (holders.py): createdBy's top-level package and the suite site's
    package, as (library package or None, suite package or None)."""
    by = None
    candidate = None
    # The wrappers (functools.wraps sets __wrapped__ on them), not what finally runs: a test that
    # defines its worker inside itself is where the thread is started, not a wrapper to look past.
    codes = [f.__code__ for f in _wrap_chain(target)[:-1] if type(f).__name__ == "function"]
    depth = 0
    while frame is not None and depth < MAX_FRAMES:
        depth += 1
        kind = frame_kind(frame)
        if kind == "suite":
            if codes and _passes_through(frame, codes):
                candidate = candidate or frame
            else:
                return callsite.site_of(frame), by, _near(by, frame)
        elif kind == "library" and by is None and candidate is None:
            by = _site_with_module(frame)
        elif kind == "library" and candidate is not None:
            break  # the pass-through wrapper was called by a library: it is the suite's site after all
        frame = frame.f_back
    if candidate is not None:
        return callsite.site_of(candidate), by, _near(by, candidate)
    return None, by, _near(by, None)


def _near(by, suite_frame):
    library = by["module"].partition(".")[0] if by is not None else None
    suite = callsite.module_name(suite_frame).rpartition(".")[0] if suite_frame is not None else None
    return library, suite or None


def describe_target(target):
    """A readable name for what a thread or greenthread runs: Host._conn_event_thread."""
    inner = _unwrapped(target)
    if inner is None:
        return None
    func = getattr(inner, "__func__", inner)
    name = getattr(func, "__qualname__", None) or getattr(type(func), "__qualname__", None)
    return name

