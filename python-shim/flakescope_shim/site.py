"""Rule 5: the call site is the first frame outside flakescope, test frameworks and the stdlib.

Decided by module name, not by path: nova's tests live in dist-packages and are user code.
"""
import os
import sys

# Frameworks whose frames are never the user's call site.
FRAMEWORK_PACKAGES = frozenset(
    """flakescope_shim sitecustomize unittest mock fixtures testtools _pytest pytest pluggy pytest_mock
    eventlet gevent greenlet xdist execnet subunit stestr testscenarios testresources extras""".split()
)

# sys.stdlib_module_names exists from 3.10; this covers what 3.8/3.9 test stacks pass through.
_FALLBACK_STDLIB = frozenset(
    """abc asyncio builtins collections concurrent contextlib contextvars copy copyreg dataclasses functools
    importlib inspect io itertools json logging multiprocessing operator os pdb pkgutil posixpath queue re
    runpy selectors shutil signal socket socketserver subprocess sys tempfile threading time traceback
    types typing unittest warnings weakref zipimport _collections_abc _weakrefset _thread _bootlocale
    codecs enum genericpath linecache reprlib string tokenize atexit bdb cProfile profile trace
    doctest site sched heapq bisect random""".split()
)
STDLIB = frozenset(getattr(sys, "stdlib_module_names", _FALLBACK_STDLIB)) - {"test"}

_cwd = os.getcwd()
_SEP = os.sep  # captured: tests patch os.sep too
_user_cache = {}


def module_name(frame):
    """The frame's module name; for __main__ the real name from __spec__ (python -m pkg.mod)."""
    g = frame.f_globals
    name = g.get("__name__") or ""
    if name == "__main__":
        spec = g.get("__spec__")
        if spec is not None and getattr(spec, "name", None):
            return spec.name
    return name


def is_user_module(name):
    hit = _user_cache.get(name)
    if hit is None:
        top = name.partition(".")[0]
        hit = not (top in FRAMEWORK_PACKAGES or top in STDLIB or name.startswith("<"))
        # unittest's own tests (unittest.test.testmock) are the user code of CPython's suite
        hit = hit or name.startswith("unittest.test")
        _user_cache[name] = hit
    return hit


def rel(path):
    if path.startswith(_cwd + _SEP):
        return path[len(_cwd) + 1 :]
    return path


def site_of(frame):
    code = frame.f_code
    return {"file": rel(code.co_filename), "line": frame.f_lineno, "function": code.co_name}


def find(start=None):
    """Site dict of the first user frame above `start` (default: our caller), or None."""
    frame = start if start is not None else sys._getframe(1)
    while frame is not None:
        if is_user_module(module_name(frame)):
            return site_of(frame)
        frame = frame.f_back
    return None


def find_or_innermost(start=None):
    """Like find(), but falls back to the innermost frame outside flakescope."""
    frame = start if start is not None else sys._getframe(1)
    hit = find(frame)
    if hit is not None:
        return hit
    while frame is not None and module_name(frame).startswith("flakescope_shim"):
        frame = frame.f_back
    return site_of(frame) if frame is not None else {"file": "<unknown>", "line": 0}


def framework_frames(start=None):
    """(module, function, frame) for the framework frames between `start` and the first user frame."""
    frame = start if start is not None else sys._getframe(1)
    out = []
    while frame is not None:
        name = module_name(frame)
        if is_user_module(name):
            break
        if not name.startswith("flakescope_shim"):
            out.append((name, frame.f_code.co_name, frame))
        frame = frame.f_back
    return out
