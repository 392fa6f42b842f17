"""Patches: unittest.mock / mock backport patch, patch.object, patch.dict, patch.multiple,
as decorator, context manager or start/stop (and stopall); fixtures.MockPatch* and
pytest-mock report through here too, recognised by the frames that called mock.

One patch-start when a patch becomes active, one patch-stop when it is undone; after the first few
pairs of one form in a test execution, further matched pairs are counted in one `patch-fold` (fold.py).
"""
import contextlib
import sys
import weakref

from .. import callsite, clock, context, fold, ids, jsontext, perturb, wrap, writer
from ..guard import internal_error
from ..ids import identity
from ..records import PatchStartLine, PatchStopLine
from .. import naming
from . import victims

_MOCK_MODULES = ("unittest.mock", "mock.mock", "mock")
_DECORATOR_FRAMES = frozenset(["decoration_helper", "patched", "_inner", "decorate_callable", "decorate_async_callable"])
_CLEANUP_FRAMES = frozenset(["doCleanups", "_callCleanup", "_run_cleanups", "doClassCleanups", "doModuleCleanups"])
_FIXTURE_PATCHES = frozenset(["MockPatch", "MockPatchObject", "MockPatchMultiple"])

_active = {}  # identity(patcher) -> [(patch number, via, mock keys, start held back by fold.py), ...] (a decorator can re-enter a patcher)
# Threads (idents, captured before eventlet) inside a wrapped patch method: a patcher that enters
# others (patch.multiple) reports once. A set, almost always empty: cheaper than a threading.local.
_busy = set()
_monotonic_ns = clock.monotonic_ns
_get_ident = clock.get_ident
_getframe = sys._getframe
_numbers = jsontext.numbers
_cached_number = jsontext.cached_number
_codes = callsite.codes


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


# The events, formatted when the writer flushes (writer.queue); the id is the patch's number.
# f-strings: a third cheaper than a %-template, which is parsed again for every line.
def _start_line(data):
    _, test, number, target, via, how, owner, where, keys, now, tid = data
    return f'{{"ev":"patch-start","test":{test},"id":"p{number}","target":{target},"via":{via},"how":{how},"owner":{owner},"site":{where}{keys},"t":{now},"tid":{_numbers.get(tid) or _cached_number(tid)}}}\n'


def _stop_line(data):
    _, test, number, how, where, now, tid = data
    where = "" if where is None else ',"site":' + where
    return f'{{"ev":"patch-stop","test":{test},"id":"p{number}","how":{how}{where},"t":{now},"tid":{_numbers.get(tid) or _cached_number(tid)}}}\n'


# Vias whose undo, called straight from the user's code, is always an "exit" (see _classify_stop).
_PLAIN_VIAS = frozenset(["mock.patch", "mock.patch.object", "mock.patch.multiple", "mock.patch.dict"])
_EXIT = jsontext.text("exit")
_CONTEXT = jsontext.text("context")
_START = jsontext.text("start")
_STOP = jsontext.text("stop")
# identity() of each installed mock's _patch.start and _patch.stop code, the codes kept alive beside
# them: a patcher started or stopped straight from the user's code is recognised without a walk.
_start_codes = set()
_stop_codes = set()
_enter_context_codes = set()  # contextlib.ExitStack.enter_context: how mock's decorators enter patchers
_kept_codes = []
_DECORATOR = jsontext.text("decorator")
# What patches usually install: never a mock, so the victims check is skipped for them.
_PLAIN_VALUES = frozenset([int, float, str, bytes, bool, type(None), tuple])
_jitter = [False]  # FLAKESCOPE_JITTER_MS is set: read once at install, settings never change
_undo = wrap.Undo()


def _start(patcher, target, via, keys, result, frame):
    """Record a patch that just took effect; `frame` called its __enter__ (or _patch_dict); `target`
    is JSON text."""
    code = frame.f_code
    entry = _codes.get(identity(code))  # callsite.user_text's common case inlined (a known user line)
    where = entry[2].get(frame.f_lasti) if entry is not None and entry[0]() is code else callsite.user_text(frame, code)
    how = _CONTEXT  # entered straight from user code: a with statement
    if where is None and identity(code) in _start_codes:
        where, how = _user_caller_text(frame), _START  # patcher.start() straight from user code
    if where is None and identity(code) in _enter_context_codes:
        where = _decorator_site(patcher)  # a decorator's patcher, entered for a call of its function
        if where is not None:
            how = _DECORATOR
    if where is None:  # through frameworks: walk to the user's code and classify what was passed
        frames, where = callsite.walk(frame, code)
        via, how = _classify_start(frames, via)
        if via == "mocker" and where is None:
            return  # pytest-mock wrapping mock's own assert_* methods for the session, not a user patch
        if how == "decorator":
            where = _decorated_site(frames) or where
        if where is None:
            where = callsite.find_or_innermost_text(frame)
        how = jsontext.text(how)
    number = ids.next_patch()
    now = _monotonic_ns()
    line = PatchStartLine(_start_line,
        context.test_text, number, target, jsontext.text(via), how,
        context.owner_text, where, ',"keys":%s' % jsontext.encode([str(k) for k in keys][:50]) if keys else "",
        now, _get_ident())
    held = fold.defer_patch(number, line)
    if not held:
        writer.queue(line, now)
    mocks = () if type(result) in _PLAIN_VALUES else victims.register(number, victims.installed_mocks(result))
    _active.setdefault(identity(patcher), []).append((number, via, mocks, held))
    if _jitter[0]:
        perturb.jitter()  # FLAKESCOPE_JITTER_MS: a random delay right after a patch takes effect


def _user_caller_text(frame):
    """The site JSON text of the frame that called `frame` when that is user code, else None."""
    caller = frame.f_back
    return callsite.user_text(caller, caller.f_code) if caller is not None else None


# identity(code) -> (weakref to the code, its site's JSON text): a decorated function called in a loop
# is encoded once. The weakref tells a reused identity from its code and holds nothing alive.
_decorated = {}


def _decorated_site(frames):
    """For a decorator, the JSON text of the decorated function's definition (its first decorator line)."""
    for module, function, frame in frames:
        if module in _MOCK_MODULES and function in ("_inner", "patched"):
            local = frame.f_locals
            return _definition_text(local.get("f") or local.get("func"))
    return None


def _definition_text(function):
    """The JSON text of where `function` is defined, or None when it has no code."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    hit = _decorated.get(identity(code))
    if hit is not None and hit[0]() is code:
        return hit[1]
    text = jsontext.encode({"file": callsite.rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name})
    return _remember(_decorated, identity(code), code, text)


# identity(patcher) -> (weakref to it, the decorated function's site JSON text), noted when mock's
# decorator wraps the function: each call's patch-start then needs no walk and no f_locals.
_decorating = {}


def _decorator_site(patcher):
    """The decorated function's site JSON text when `patcher` is a decorator's (see _make_decorate), else None."""
    hit = _decorating.get(identity(patcher))
    return hit[1] if hit is not None and hit[0]() is patcher else None


def _make_decorate(original):
    def decorate(self, func):
        result = original(self, func)
        try:
            # Stacked decorators share the first one's wrapper, which wraps the user's function.
            text = _definition_text(func.__wrapped__ if hasattr(func, "patchings") else func)
            if text is not None:
                _remember(_decorating, identity(self), self, text)
        except BaseException as exc:
            internal_error("hooks/patch.py", exc)
        return result

    return decorate


def _remember(cache, key, obj, text):
    """Keep `text` in `cache` under `key` with a weak reference to `obj`, which tells a reused
    identity from its object and holds nothing alive; returns `text`. Cleared when full."""
    try:
        if len(cache) >= jsontext.MAX_CACHED:
            cache.clear()
        cache[key] = (weakref.ref(obj), text)
    except TypeError:
        pass  # no weak reference to it: worked out every time
    return text


def _stop(patcher, frame):
    key = identity(patcher)
    stack = _active.get(key)
    if not stack:
        return
    number, via, mocks, held = stack.pop()
    if not stack:
        del _active[key]
    if mocks:
        victims.unregister(mocks, number)
    code = frame.f_code
    where, how = None, _EXIT
    if via in _PLAIN_VIAS:  # else how it was undone depends on who patched (see _classify_stop)
        entry = _codes.get(identity(code))  # undone straight from the user's code: a with block's end
        where = entry[2].get(frame.f_lasti) if entry is not None and entry[0]() is code else callsite.user_text(frame, code)
        if where is None and identity(code) in _stop_codes:
            where, how = _user_caller_text(frame), _STOP  # patcher.stop() straight from user code
        if where is None:  # a decorator's patch, undone by mock as its function returns: its definition
            where = _decorator_site(patcher)
    if where is None:
        frames, where = callsite.walk(frame, code)
        how = jsontext.text(_classify_stop(frames, via, where))
    now = _monotonic_ns()
    tid = _get_ident()
    if held and fold.patch_pair(number, (how, where), now, tid):
        return
    writer.queue(PatchStopLine(_stop_line, context.test_text, number, how, where, now, tid), now)


# identity(object) and attribute -> (weakref to the object, the target's JSON text): patch.object in a
# loop names its target once. The weakref tells a reused identity from its object and holds nothing alive.
_described = {}


def _describe_patch(patcher):
    """(target as JSON text, via, keys) of a mock._patch."""
    getter = patcher.getter
    attribute = getattr(patcher, "attribute", None)
    if getattr(patcher, "attribute_name", None) is not None:
        base, _ = naming.getter_base(getter)
        additional = getattr(patcher, "additional_patchers", None) or []
        keys = [attribute] + [getattr(p, "attribute", "?") for p in additional]
        return jsontext.text(base), "mock.patch.multiple", keys
    value, is_string = naming.getter_target(getter)
    if is_string or value is naming.UNKNOWN:
        base = value if is_string else "<unknown>"
        return jsontext.text("%s.%s" % (base, attribute)), ("mock.patch" if is_string else "mock.patch.object"), None
    key = (identity(value), attribute)
    hit = _described.get(key)
    if hit is not None and hit[0]() is value:
        return hit[1], "mock.patch.object", None
    return _remember(_described, key, value, jsontext.text("%s.%s" % (naming.dotted(value), attribute))), "mock.patch.object", None


def _make_enter(original):
    def __enter__(self):
        if _busy and _get_ident() in _busy:
            return original(self)
        tid = _get_ident()
        _busy.add(tid)
        try:
            result = original(self)
        finally:
            _busy.discard(tid)
        try:
            target, via, keys = _describe_patch(self)
            _start(self, target, via, keys, result, _getframe(1))
        except BaseException as exc:
            internal_error("hooks/patch.py", exc)
        return result

    return __enter__


def _make_exit(original):
    def __exit__(self, *exc_info):
        if _busy and _get_ident() in _busy:
            return original(self, *exc_info)
        tid = _get_ident()
        _busy.add(tid)
        try:
            return original(self, *exc_info)
        finally:
            _busy.discard(tid)
            try:
                _stop(self, _getframe(1))
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
                _start(self, jsontext.text(target), "mock.patch.dict", keys, None, sys._getframe(1))
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
    return callsite.user_frame(frame)


def install(mock_module):
    """Wrap one mock implementation (unittest.mock or the mock backport's mock.mock)."""
    enter_context = getattr(getattr(contextlib, "ExitStack", None), "enter_context", None)
    for method, codes in ((mock_module._patch.start, _start_codes), (mock_module._patch.stop, _stop_codes),
                          (enter_context, _enter_context_codes)):
        code = getattr(method, "__code__", None)
        if code is not None:
            _kept_codes.append(code)
            codes.add(identity(code))
    _undo.replace(mock_module._patch, "decorate_callable", _make_decorate)
    _undo.replace(mock_module._patch, "decorate_async_callable", _make_decorate)
    _undo.replace(mock_module._patch, "__enter__", _make_enter)
    _undo.replace(mock_module._patch, "__exit__", _make_exit)
    _undo.replace(mock_module._patch_dict, "_patch_dict", _make_patch_dict)
    _undo.replace(mock_module._patch_dict, "_unpatch_dict", _make_unpatch_dict)
    victims.install(mock_module)
    _jitter[0] = bool(perturb.settings().get("jitterMs"))


def uninstall():
    """Put back every mock implementation's originals (and the victims check's)."""
    _undo.restore()
    victims.uninstall()
