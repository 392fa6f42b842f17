"""testtools on the unittest integration: its TestCase's run (boundaries), its result decorator's
outcomes (results), its setUp/tearDown/addCleanup (fixtures), and RunTest._run_user, through which
it runs cleanups, reporting what they raised instead of raising it."""
from testtools.runtest import RunTest

from .. import wrap
from . import boundaries, fixtures, results

try:
    from testtools.testresult.real import ExtendedToOriginalDecorator
except ImportError:  # not in every testtools version
    ExtendedToOriginalDecorator = None

_undo = wrap.Undo()


def _wrap_run_user(original):
    def _run_user(*args, **kwargs):
        self, fn = (args[0], args[1]) if len(args) >= 2 else (None, None)
        case = getattr(self, "case", None)
        if case is None or not fixtures.cleanup_pending(case, fn):
            return original(*args, **kwargs)
        # _run_user reports exceptions instead of raising: look at what it returns.
        result = original(*args, **kwargs)
        failed = result is getattr(self, "exception_caught", object())
        fixtures.cleanup_ran(case, fn, RuntimeError("cleanup raised") if failed else None)
        return result

    return _run_user


def install(testtools):
    boundaries.install_on(testtools.TestCase)
    if ExtendedToOriginalDecorator is not None:
        results.instrument(ExtendedToOriginalDecorator)
    _undo.replace(testtools.TestCase, "_run_setup", fixtures.wrap_setup)
    _undo.replace(testtools.TestCase, "_run_teardown", fixtures.wrap_teardown)
    _undo.replace(testtools.TestCase, "addCleanup", fixtures.wrap_add_cleanup)
    _undo.replace(RunTest, "_run_user", _wrap_run_user)


def uninstall():
    _undo.restore()
