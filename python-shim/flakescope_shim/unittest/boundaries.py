"""unittest test boundaries: test-start/test-end around TestCase.run (testtools.py wraps its own too).

Under pytest these stay silent: the pytest plugin reports node ids instead.
A TestCase run from inside another test (unittest's own tests do this) belongs
to the outer test and is not reported.
"""
import unittest.result

from .. import callsite, clock, context, execution, hang, ownership, wrap
from ..guard import internal_error
from ..hooks import sleep
from . import fixtures, results

_undo = wrap.Undo()


def _result_arg(args, kwargs):
    if args:
        return args[0]
    return kwargs.get("result")


def _begin(case, args, kwargs):
    # A case already tracked is inside its own outer run (__call__ calls run): not a test of its own.
    if context.pytest_active or results.tracked(case) or context.current_test() is not None:
        return None
    sleep.ensure()
    fixtures.ensure_async_case()
    result = _result_arg(args, kwargs)
    if result is not None:
        results.instrument(type(result))
    test_id = str(case.id())
    ownership.add_test_module(type(case).__module__)
    state = results.track(case)
    state["id"] = test_id
    state["t0"] = clock.monotonic_ns()
    state["scope"] = execution.start(test_id, "unittest", _method_site(case))
    return state


def _method_site(case):
    """Where the test method is defined (findings without a finer site point there), or None."""
    method = getattr(type(case), getattr(case, "_testMethodName", "") or "", None)
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    if code is None:
        return None
    return {"file": callsite.rel(code.co_filename), "line": code.co_firstlineno, "function": code.co_name}


def _finish(case, state, raised):
    hang.disarm()
    results.untrack(case)
    fixtures.forget(case)
    outcome = state["outcome"]
    message = state["message"]
    if outcome is None:
        outcome = "error"
        message = message or ("run raised %s" % raised if raised else "no outcome reached the test result")
    execution.end(state["id"], state["scope"], state["t0"], outcome, message)


def wrap_run(original):
    def run(self, *args, **kwargs):
        state = None
        try:
            state = _begin(self, args, kwargs)
        except BaseException as exc:
            internal_error("boundaries.begin", exc)
        if state is None:
            return original(self, *args, **kwargs)
        raised = None
        try:
            return original(self, *args, **kwargs)
        except BaseException as exc:
            raised = type(exc).__name__
            raise
        finally:
            try:
                _finish(self, state, raised)
            except BaseException as exc:
                internal_error("boundaries.finish", exc)

    return run


def install_on(klass, names=("run", "__call__")):
    for name in names:
        _undo.replace(klass, name, wrap_run)


def install(case_module):
    install_on(case_module.TestCase)
    results.instrument(unittest.result.TestResult)


def uninstall():
    _undo.restore()
    results.uninstall()
