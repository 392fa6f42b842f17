"""unittest class and module scopes: scope-start before setUpClass/setUpModule,
scope-end after tearDownClass/tearDownModule (and their cleanups) ran, and a
scope-teardown snapshot just before those teardowns while a thread or child the
last test left is still inside its grace period (what the teardown then stops
was leaked; what ended before it was not).

Wraps the private TestSuite helpers every CPython 3.8+ uses; they are only
called between tests, so no test is running when they fire at the top level.
"""
from unittest.case import TestCase

from .. import context, ids, ownership, snapshot, wrap
from ..callsite import rel
from ..events import emit
from ..guard import internal_error

_pending_module = []  # module whose scope-start waits for the previous module's teardown
_undo = wrap.Undo()


def _class_id(klass):
    return "%s.%s" % (klass.__module__, getattr(klass, "__qualname__", klass.__name__))


def _silent():
    return context.pytest_active or context.current_test() is not None


def _def_site(function):
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    if code is None:
        return None
    return {"file": rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}


def _user_hook(klass, name, base):
    """The class's own setUpClass/tearDownClass, or None when it only inherits unittest's no-op."""
    hook = getattr(klass, name, None)
    default = getattr(base, name, None)
    if hook is None or getattr(hook, "__func__", hook) is getattr(default, "__func__", default):
        return None
    return hook


def _start_class(suite, test, result, base):
    previous = getattr(result, "_previousTestClass", None)
    current = test.__class__
    if current == previous or getattr(result, "_moduleSetUpFailed", False) or getattr(current, "__unittest_skip__", False):
        return
    class_id = _class_id(current)
    ownership.add_test_module(current.__module__)
    entry = context.push("class", class_id)
    emit("scope-start", scope="class", id=class_id)
    snapshot.boundary("scope-start", class_id)
    hook = _user_hook(current, "setUpClass", base)
    if hook is not None:
        entry["fixture"] = ids.fixture_id()
        emit("fixture-setup", id=entry["fixture"], fixture="%s.setUpClass" % current.__name__, kind="setUpClass",
             scope="class", owner=context.owner(), site=_def_site(hook) or {"file": "<unknown>", "line": 0})


def _end_class(previous):
    if previous is None:
        return
    entry = context.open_scope("class", _class_id(previous))
    if entry is None:
        return
    if "fixture" in entry:
        emit("fixture-cleanup", id=entry["fixture"])
    context.pop(entry)
    emit("scope-end", scope="class", id=entry["id"])
    snapshot.boundary("scope-end", entry["id"])


def _start_module(name):
    ownership.add_test_module(name)
    context.push("module", name)
    emit("scope-start", scope="module", id=name)
    snapshot.boundary("scope-start", name)


def _before_teardown(scope, scope_id):
    """A snapshot before a scope's teardown runs, when something is waiting to be judged."""
    if scope_id and snapshot.pending() and context.open_scope(scope, scope_id) is not None:
        snapshot.boundary("scope-teardown", scope_id)


def _end_module(name):
    entry = context.open_scope("module", name) if name else None
    if entry is not None:
        context.pop(entry)
        emit("scope-end", scope="module", id=name)
        snapshot.boundary("scope-end", name)


def _wrap_class_setup(base_case):
    def make(original):
        def _handleClassSetUp(self, test, result):
            if not _silent():
                try:
                    _start_class(self, test, result, base_case)
                except BaseException as exc:
                    internal_error("scopes.class-start", exc)
            return original(self, test, result)

        return _handleClassSetUp

    return make


def _wrap_class_teardown(original):
    def _tearDownPreviousClass(self, test, result):
        previous = getattr(result, "_previousTestClass", None)
        if not _silent() and previous is not None and previous != getattr(test, "__class__", None):
            try:
                _before_teardown("class", _class_id(previous))
            except BaseException as exc:
                internal_error("scopes.class-teardown", exc)
        try:
            return original(self, test, result)
        finally:
            if not _silent() and previous is not None and previous != getattr(test, "__class__", None):
                try:
                    _end_class(previous)
                except BaseException as exc:
                    internal_error("scopes.class-end", exc)

    return _tearDownPreviousClass


def _wrap_module_fixture(original):
    def _handleModuleFixture(self, test, result):
        silent = _silent()
        if not silent:
            try:
                current = test.__class__.__module__
                if current != self._get_previous_module(result):
                    _pending_module.append(current)
            except BaseException as exc:
                internal_error("scopes.module-start", exc)
        try:
            return original(self, test, result)
        finally:
            _flush_pending()

    return _handleModuleFixture


def _wrap_module_teardown(original):
    def _handleModuleTearDown(self, result):
        previous = None
        try:
            previous = self._get_previous_module(result)
            if not _silent():
                _before_teardown("module", previous)
        except BaseException as exc:
            internal_error("scopes.module-end", exc)
        try:
            return original(self, result)
        finally:
            if not _silent():
                try:
                    _end_module(previous)
                except BaseException as exc:
                    internal_error("scopes.module-end", exc)
            _flush_pending()

    return _handleModuleTearDown


def install(suite_module):
    TestSuite = suite_module.TestSuite
    _undo.replace(TestSuite, "_handleClassSetUp", _wrap_class_setup(TestCase))
    _undo.replace(TestSuite, "_tearDownPreviousClass", _wrap_class_teardown)
    _undo.replace(TestSuite, "_handleModuleFixture", _wrap_module_fixture)
    _undo.replace(TestSuite, "_handleModuleTearDown", _wrap_module_teardown)


def uninstall():
    _undo.restore()


def _flush_pending():
    try:
        while _pending_module:
            _start_module(_pending_module.pop(0))
    except BaseException as exc:
        internal_error("scopes.module-start", exc)
