"""FLAKESCOPE_ORDER under unittest (testtools and stestr too): the outermost suite of the process
reordered once, just before it runs, group by group (order.py)."""
from .. import context, order, wrap
from ..guard import internal_error

_arranged = []  # one entry once the outermost suite of this process was reordered
_undo = wrap.Undo()


def _arrange_suite(suite, suite_type, mode, rng):
    tests = getattr(suite, "_tests", None)
    if not isinstance(tests, list):
        return
    for test in tests:
        if isinstance(test, suite_type):
            _arrange_suite(test, suite_type, mode, rng)
    tests[:] = order.rearrange(tests, mode, rng)


def _wrap_run(original, suite_type):
    def run(self, *args, **kwargs):
        if not _arranged and not context.pytest_active and context.current_test() is None:
            _arranged.append(True)
            try:
                _arrange_suite(self, suite_type, *order.mode())
            except BaseException as exc:
                internal_error("order.unittest", exc)
        return original(self, *args, **kwargs)

    return run


def install(suite_module):
    if order.mode() is None:
        return
    for klass in (suite_module.BaseTestSuite, suite_module.TestSuite):
        _undo.replace(klass, "run", lambda original: _wrap_run(original, suite_module.BaseTestSuite))


def uninstall():
    _undo.restore()
