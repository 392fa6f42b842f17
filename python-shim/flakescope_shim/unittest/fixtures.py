"""TestCase setUp/tearDown and addCleanup as fixture events (testtools.py installs them on testtools too).

setUp: fixture-setup before it runs; fixture-cleanup when tearDown completed, or
with `error` when setUp raised. addCleanup: fixture-setup at the registration site,
fixture-cleanup when the callback ran (with `error` if it raised; the exception
is only observed, never swallowed). Only for the test currently being reported.
"""
import sys

from .. import callsite, context, ids, wrap
from ..events import emit
from ..guard import internal_error
from ..ids import identity
from ..redact import truncate
from . import results

_setups = {}  # identity(case) -> fixture id of its setUp
_cleanups = {}  # (identity(case), identity(function)) -> [fixture id, ...]
_undo = wrap.Undo()


def _reported(case):
    return results.tracked(case)


def _def_site(case, name):
    """Where the test class defines `name`, or None when it only inherits a framework's."""
    function = getattr(type(case), name, None)
    code = getattr(function, "__code__", None)
    if code is None or not callsite.is_user_module(getattr(function, "__module__", None) or ""):
        return None
    return {"file": callsite.rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}


def _error(exc):
    return truncate("%s: %s" % (type(exc).__name__, exc))


def _cleanup_event(fid, exc):
    event = {"id": fid}
    if exc is not None:
        event["error"] = _error(exc)
    emit("fixture-cleanup", **event)


def _guarded(where, fn, *args):
    try:
        fn(*args)
    except BaseException as exc:
        internal_error(where, exc)


def _before_setup(case):
    where = _def_site(case, "setUp") if _reported(case) else None
    if where is not None:
        fid = ids.fixture_id()
        _setups[identity(case)] = fid
        emit("fixture-setup", id=fid, fixture="setUp", kind="setUp", scope="test", owner=context.owner(), site=where)


def _end_setup(case, exc):
    fid = _setups.pop(identity(case), None)
    if fid is not None:
        _cleanup_event(fid, exc)


def wrap_setup(original):
    def setup(self, *args, **kwargs):
        _guarded("unittest/fixtures.py", _before_setup, self)
        try:
            return original(self, *args, **kwargs)
        except BaseException as exc:
            _guarded("unittest/fixtures.py", _end_setup, self, exc)
            raise

    return setup


def wrap_teardown(original):
    def teardown(self, *args, **kwargs):
        error = None
        try:
            return original(self, *args, **kwargs)
        except BaseException as exc:
            error = exc
            raise
        finally:
            _guarded("unittest/fixtures.py", _end_setup, self, error)

    return teardown


def _register(case, function, frame):
    if not _reported(case):
        return
    fid = ids.fixture_id()
    _cleanups.setdefault((identity(case), identity(function)), []).append(fid)
    name = getattr(function, "__qualname__", None) or type(function).__name__
    emit("fixture-setup", id=fid, fixture=str(name), kind="cleanup", scope="test", owner=context.owner(),
         site=callsite.find_or_innermost(frame))


def wrap_add_cleanup(original):
    # Positional-only by construction: the callback's kwargs may be named "self" or "function".
    def addCleanup(*args, **kwargs):
        if len(args) >= 2:
            _guarded("unittest/fixtures.py", _register, args[0], args[1], sys._getframe(1))
        return original(*args, **kwargs)

    return addCleanup


def _ran(case, function, exc):
    key = (identity(case), identity(function))
    fids = _cleanups.get(key)
    if not fids:
        return
    fid = fids.pop()
    if not fids:
        del _cleanups[key]
    _cleanup_event(fid, exc)


def _observe(case, function, call):
    if not _cleanups:
        return call()
    error = None
    try:
        return call()
    except BaseException as exc:
        error = exc
        raise
    finally:
        _guarded("unittest/fixtures.py", _ran, case, function, error)


def wrap_call_cleanup(original):
    def _callCleanup(*args, **kwargs):
        if len(args) < 2:
            return original(*args, **kwargs)
        return _observe(args[0], args[1], lambda: original(*args, **kwargs))

    return _callCleanup


def cleanup_pending(case, function):
    """True when `function` was registered with case.addCleanup and has not run yet."""
    return (identity(case), identity(function)) in _cleanups


def cleanup_ran(case, function, exc):
    """`function`, a cleanup of `case`, ran (exc: what it raised, or None): its fixture-cleanup."""
    _guarded("unittest/fixtures.py", _ran, case, function, exc)


def forget(case):
    """Drop bookkeeping for a finished test (cleanups registered but never run)."""
    _setups.pop(identity(case), None)
    for key in [k for k in _cleanups if k[0] == identity(case)]:
        del _cleanups[key]


def install(case_module):
    TestCase = case_module.TestCase
    _undo.replace(TestCase, "_callSetUp", wrap_setup)
    _undo.replace(TestCase, "_callTearDown", wrap_teardown)
    _undo.replace(TestCase, "addCleanup", wrap_add_cleanup)
    _undo.replace(TestCase, "_callCleanup", wrap_call_cleanup)
    ensure_async_case()


def ensure_async_case():
    """IsolatedAsyncioTestCase overrides the hooks above to run them in its event loop. Called again at
    every test start: on 3.8 unittest imports async_case before case, so it is still half made here."""
    case = getattr(sys.modules.get("unittest.async_case"), "IsolatedAsyncioTestCase", None)
    if case is None or wrap.is_ours(case.__dict__.get("_callCleanup")):
        return
    _undo.replace(case, "_callSetUp", wrap_setup)
    _undo.replace(case, "_callTearDown", wrap_teardown)
    _undo.replace(case, "_callCleanup", wrap_call_cleanup)



def uninstall():
    _undo.restore()
