"""A pytest test's outcome, combined from its setup/call/teardown reports (pytest_runtest_logreport)."""
from .. import outcomes
from ..guard import internal_error
from ..redact import first_lines

_tests = {}  # nodeid -> {"outcome", "message", "t0", "scope"} while the test runs


def track(nodeid, t0):
    """Start collecting `nodeid`'s reports; returns its state (boundaries.py adds its own fields)."""
    state = {"outcome": None, "message": None, "t0": t0}
    _tests[nodeid] = state
    return state


def untrack(nodeid):
    """The finished test's state, or None when it was never tracked."""
    return _tests.pop(nodeid, None)


def _report_outcome(report):
    if report.failed:
        return "failed" if report.when == "call" else "error"
    if report.skipped:
        # An expected failure (xfail) is a pass for flakiness purposes.
        return "passed" if hasattr(report, "wasxfail") else "skipped"
    return "passed"


def _report_message(report):
    longrepr = report.longrepr
    if longrepr is None:
        return None
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return first_lines(longrepr[2])
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return first_lines(crash.message)
    return first_lines(str(longrepr))


def pytest_runtest_logreport(report):
    state = _tests.get(report.nodeid)
    if state is None:
        return
    try:
        outcome = _report_outcome(report)
        if outcomes.outranks(outcome, state["outcome"]):
            state["outcome"] = outcome
            if outcome != "passed":
                state["message"] = _report_message(report)
    except BaseException as exc:
        internal_error("pytest.outcomes", exc)
