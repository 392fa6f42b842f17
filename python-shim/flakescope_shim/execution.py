"""One test execution's start and end, as both runners report them: the current test and its scope,
test-start (with the sleeps this execution's plan scales) and test-end, their snapshots, the hang timer."""
from . import clock, context, hang, perturb, snapshot
from .events import emit


def start(test_id, runner, site):
    """Make `test_id` the running test and record its start; returns its scope entry (for end())."""
    context.set_test(test_id)
    scope = context.push("test", test_id)
    event = {"test": test_id, "runner": runner}
    if site is not None:
        event["site"] = site
    planned = perturb.begin_test(test_id)
    if planned:
        event["perturbation"] = {"sleepSites": planned}
    emit("test-start", **event)
    snapshot.boundary("start", test_id)
    hang.arm(test_id)
    return scope


def end(test_id, scope, t0, outcome, message):
    """Record the end of the running test (started at monotonic `t0`); no test is running after it.
    The caller disarmed the hang timer first."""
    context.pop(scope)
    event = {"test": test_id, "outcome": outcome, "duration": round(clock.monotonic() - t0, 6)}
    if message:
        event["message"] = message
    emit("test-end", **event)
    snapshot.boundary("end", test_id)
    context.set_test(None)
