"""Rule 5: the call site is the first frame outside flakescope, test frameworks and the stdlib.

Decided by module name, not by path: nova's tests live in dist-packages and are user code.
"""
import os
import sys
import weakref

from . import jsontext
from .ids import identity as _identity

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
# co_filename -> user or not: a file is one module, so hot hooks skip the module-name lookup.
# Names like "<string>" are shared by code from many modules and are never cached.
_user_files = {}
_site_texts = {}  # (file, line, function) -> JSON text of the site object
# identity(code) -> (weakref to the code, user or not, {f_lasti: site JSON text}, module name, ours):
# the hot hooks' site lookup without computing f_lineno or hashing strings, and a patch's walk
# without a module lookup per frame. The weakref tells a reused id from its code and holds nothing
# alive (rule 6). Code from "<string>"-like files is not kept: its module varies. The hot hooks read
# it directly (see user_text), saving a call per event: only user entries' text dicts ever fill.
codes = {}


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


def is_user_frame(frame):
    filename = frame.f_code.co_filename
    hit = _user_files.get(filename)
    if hit is None:
        hit = is_user_module(module_name(frame))
        if not filename.startswith("<"):
            if len(_user_files) >= jsontext.MAX_CACHED:
                _user_files.clear()
            _user_files[filename] = hit
    return hit


def user_frame(frame):
    """The first user frame from `frame` outwards, or None. Stops there: never walks the whole stack."""
    while frame is not None and not is_user_frame(frame):
        frame = frame.f_back
    return frame


def find(start=None):
    """Site dict of the first user frame above `start` (default: our caller), or None."""
    frame = user_frame(start if start is not None else sys._getframe(1))
    return site_of(frame) if frame is not None else None


def _innermost(frame):
    """The frame find_or_innermost reports: the first user frame, else the first outside flakescope."""
    hit = user_frame(frame)
    if hit is not None:
        return hit
    while frame is not None and _is_ours(module_name(frame)):
        frame = frame.f_back
    return frame


_UNKNOWN = {"file": "<unknown>", "line": 0}


def find_or_innermost(start=None):
    """Like find(), but falls back to the innermost frame outside flakescope."""
    frame = _innermost(start if start is not None else sys._getframe(1))
    return site_of(frame) if frame is not None else dict(_UNKNOWN)


def site_text(frame):
    """JSON text of site_of(frame), cached per file, line and function."""
    code = frame.f_code
    key = (code.co_filename, frame.f_lineno, code.co_name)
    hit = _site_texts.get(key)
    if hit is None:
        if len(_site_texts) >= jsontext.MAX_CACHED:
            _site_texts.clear()
        hit = _site_texts[key] = jsontext.encode(site_of(frame))
    return hit


def _is_ours(module):
    return module.startswith("flakescope_shim")


def _code_entry(code, frame):
    """The codes entry of `code` (running in `frame`), made on first sight; None when not cacheable."""
    if code.co_filename.startswith("<"):
        return None
    if len(codes) >= jsontext.MAX_CACHED:
        codes.clear()
    module = module_name(frame)
    entry = codes[_identity(code)] = (weakref.ref(code), is_user_frame(frame), {}, module, _is_ours(module))
    return entry


def user_text(frame, code):
    """The site JSON text of `frame` (running `code`) when it is a user frame, else None, without
    walking on: the hot hooks' common case, a patch written in the test itself. Hot: for
    code seen before, two dict lookups. The caller reads frame.f_code once: each read is an audit
    event (Python 3.11), which with our audit hook installed runs Python code on every call."""
    entry = codes.get(_identity(code))
    if entry is None or entry[0]() is not code:
        entry = _code_entry(code, frame)
        if entry is None:
            return site_text(frame) if is_user_frame(frame) else None
    if not entry[1]:
        return None
    texts = entry[2]
    hit = texts.get(frame.f_lasti)
    if hit is None:
        hit = texts[frame.f_lasti] = jsontext.encode(site_of(frame))
    return hit


def user_site_text(start):
    """JSON text of the first user frame's site from `start` outwards, or None."""
    frame = start
    while frame is not None:
        hit = user_text(frame, frame.f_code)
        if hit is not None:
            return hit
        frame = frame.f_back
    return None


def find_or_innermost_text(start):
    """JSON text of find_or_innermost(start)."""
    hit = user_site_text(start)
    if hit is not None:
        return hit
    frame = _innermost(start)
    return site_text(frame) if frame is not None else jsontext.encode(_UNKNOWN)


def walk(start, code=None):
    """((module, function, frame) for each framework frame between `start` and the first user frame,
    that user frame's site JSON text or None): one walk for a patch's classification and its site.
    `code`: start's code, when the caller has read it already (each read is an audit event)."""
    frame = start
    out = []
    while frame is not None:
        if code is None:
            code = frame.f_code
        entry = codes.get(_identity(code))  # user_text's lookup, inlined: a decorator's walk passes ~6 frames
        if entry is None or entry[0]() is not code:
            entry = _code_entry(code, frame)
        if entry is None:  # not cacheable
            hit = user_text(frame, code)
            if hit is not None:
                return out, hit
            name = module_name(frame)
            if not _is_ours(name):
                out.append((name, code.co_name, frame))
        elif entry[1]:
            return out, user_text(frame, code)
        elif not entry[4]:
            out.append((entry[3], code.co_name, frame))
        frame = frame.f_back
        code = None
    return out, None
