"""Patches: unittest.mock / mock backport patch, patch.object, patch.dict, patch.multiple,
as decorator, context manager or start/stop (and stopall); fixtures.MockPatch* and
pytest-mock report through here too, recognised by the frames that called mock.

One patch-start when a patch becomes active, one patch-stop when it is undone.
"""
import sys
import threading

from .. import clock, context, ids, jsontext, perturb, site, wrap, writer
from ..guard import internal_error
from ..ids import identity
from . import naming, victims

_MOCK_MODULES = ("unittest.mock", "mock.mock", "mock")
_DECORATOR_FRAMES = frozenset(["decoration_helper", "patched", "_inner", "decorate_callable", "decorate_async_callable"])
_CLEANUP_FRAMES = frozenset(["doCleanups", "_callCleanup", "_run_cleanups", "doClassCleanups", "doModuleCleanups"])
_FIXTURE_PATCHES = frozenset(["MockPatch", "MockPatchObject", "MockPatchMultiple"])

_active = {}  # identity(patcher) -> [(patch id, via, mock keys), ...] (a decorator can re-enter a patcher)
_local = threading.local()  # captured before eventlet can make it green-local
_monotonic_ns = clock.monotonic_ns
_get_ident = clock.get_ident


def _depth():
    return getattr(_local, "depth", 0)


def _classify_start(frames, default_via):
    """(via, how) from the framework frames between the patch and the user's code."""
    how = "context"
    for module, function, frame in frames:
        if module == "fixtures._fixtures.mockpatch":
            owner = frame.f_locals.get("self")
            name = type(owner).__name__ if owner is not None else "MockPatch"
            return "fixtures.%s" % (name if name in _FIXTURE_PATCHES else "MockPatch"), "fixture"
        if module.startswith("pytest_mock"):
            return "mocker", "fixture"
    for module, function, frame in frames:
        if module in _MOCK_MODULES:
            if function == "start":
                return default_via, "start"
            if function in _DECORATOR_FRAMES:
                how = "decorator"
    return default_via, how


def _classify_stop(frames, via, user):
    """How a patch was undone, from the framework frames between the undo and the user's code (one pass)."""
    patch_stopall = mocker_stopall = cleanup = mock_stop = False
    for module, function, _ in frames:
        if module in _MOCK_MODULES:
            patch_stopall = patch_stopall or function == "_patch_stopall"
            mock_stop = mock_stop or function == "stop"
        elif module.startswith("pytest_mock"):
            mocker_stopall = mocker_stopall or function == "stopall"
        elif module.startswith("fixtures") and function in ("cleanUp", "__call__"):
            cleanup = True
        cleanup = cleanup or function in _CLEANUP_FRAMES
    if patch_stopall:
        return "stopall"
    if via == "mocker":
        if user is not None:  # the test itself called mocker.stop()/stopall()
            return "stopall" if mocker_stopall else "stop"
        return "cleanup"
    if cleanup or via.startswith("fixtures."):
        return "cleanup"
    if mock_stop:
        return "stop"
    return "exit"


# The events, formatted when the writer flushes (writer.queue). Ids are "p<n>": JSON as they are.
_START_LINE = '{"ev":"patch-start","test":%s,"id":"%s","target":%s,"via":%s,"how":%s,"owner":%s,"site":%s%s,"t":%d,"tid":%d}\n'
_STOP_LINE = '{"ev":"patch-stop","test":%s,"id":"%s","how":%s%s,"t":%d,"tid":%d}\n'


def _start(patcher, target, via, keys, result, frame):
    frames, where = site.walk(frame)
    via, how = _classify_start(frames, via)
    if via == "mocker" and where is None:
        return  # pytest-mock wrapping mock's own assert_* methods for the session, not a user patch
    patch_id = ids.patch_id()
    if how == "decorator":
        decorated = _decorated_site(frames)
        if decorated:
            where = jsontext.encode(decorated)
    if where is None:
        where = site.find_or_innermost_text(frame)
    now = _monotonic_ns()
    writer.queue((_START_LINE, (
        context.current_test_text(), patch_id, jsontext.text(target), jsontext.text(via), jsontext.text(how),
        context.owner_text(), where, ',"keys":%s' % jsontext.encode([str(k) for k in keys][:50]) if keys else "",
        now, _get_ident())), now)
    mocks = victims.register(patch_id, victims.installed_mocks(result)) if result is not None else ()
    _active.setdefault(identity(patcher), []).append((patch_id, via, mocks))
    if perturb.settings().get("jitterMs"):
        perturb.jitter()  # FLAKESCOPE_JITTER_MS: a random delay right after a patch takes effect


def _decorated_site(frames):
    """For a decorator, the decorated function's definition (its first decorator line)."""
    for module, function, frame in frames:
        if module in _MOCK_MODULES and function in ("_inner", "patched"):
            local = frame.f_locals
            target = local.get("f") or local.get("func")
            code = getattr(target, "__code__", None)
            if code is not None:
                return {"file": site.rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}
    return None


def _stop(patcher, frame):
    key = identity(patcher)
    stack = _active.get(key)
    if not stack:
        return
    patch_id, via, mocks = stack.pop()
    if not stack:
        del _active[key]
    if mocks:
        victims.unregister(mocks, patch_id)
    frames, where = site.walk(frame)
    how = _classify_stop(frames, via, where)
    now = _monotonic_ns()
    writer.queue((_STOP_LINE, (
        context.current_test_text(), patch_id, jsontext.text(how), "" if where is None else ',"site":%s' % where,
        now, _get_ident())), now)


def _describe_patch(patcher):
    base, is_string = naming.getter_base(patcher.getter)
    attribute = getattr(patcher, "attribute", None)
    additional = getattr(patcher, "additional_patchers", None) or []
    if getattr(patcher, "attribute_name", None) is not None:
        keys = [attribute] + [getattr(p, "attribute", "?") for p in additional]
        return base, "mock.patch.multiple", keys
    return "%s.%s" % (base, attribute), ("mock.patch" if is_string else "mock.patch.object"), None




def _make_enter(original):
    def __enter__(self):
        if _depth():
            return original(self)
        _local.depth = 1
        try:
            result = original(self)
        finally:
            _local.depth = 0
        try:
            target, via, keys = _describe_patch(self)
            _start(self, target, via, keys, result, sys._getframe(1))
        except BaseException as exc:
            internal_error("hooks/patch.py", exc)
        return result

    return __enter__


def _make_exit(original):
    def __exit__(self, *exc_info):
        if _depth():
            return original(self, *exc_info)
        _local.depth = 1
        try:
            return original(self, *exc_info)
        finally:
            _local.depth = 0
            try:
                _stop(self, sys._getframe(1))
            except BaseException as exc:
                internal_error("hooks/patch.py", exc)

    return __exit__


def _make_patch_dict(original):
    def _patch_dict(self):
        target = None
        try:
            target = naming.dict_name(self.in_dict, site_frame(sys._getframe(1)))
        except BaseException as exc:
            internal_error("hooks/patch.py", exc)
        result = original(self)
        try:
            keys = list(getattr(self, "values", None) or [])
            if getattr(self, "clear", False):
                keys.append("<clear>")
            if target is not None:
                _start(self, target, "mock.patch.dict", keys, None, sys._getframe(1))
        except BaseException as exc:
            internal_error("hooks/patch.py", exc)
        return result

    return _patch_dict


def _make_unpatch_dict(original):
    def _unpatch_dict(self):
        try:
            return original(self)
        finally:
            try:
                _stop(self, sys._getframe(1))
            except BaseException as exc:
                internal_error("hooks/patch.py", exc)

    return _unpatch_dict


def site_frame(frame):
    """The first user frame (for naming a dict by the caller's globals)."""
    return site.user_frame(frame)


def install(mock_module):
    """Wrap one mock implementation (unittest.mock or the mock backport's mock.mock)."""
    wrap.replace(mock_module._patch, "__enter__", _make_enter)
    wrap.replace(mock_module._patch, "__exit__", _make_exit)
    wrap.replace(mock_module._patch_dict, "_patch_dict", _make_patch_dict)
    wrap.replace(mock_module._patch_dict, "_unpatch_dict", _make_unpatch_dict)
    victims.install(mock_module)
