"""One test execution's start and end, as both runners report them: the current test and its scope,
test-start (with the sleeps this execution's plan scales) and test-end, their snapshots, the hang timer."""
from . import clock, context, hang, jsontext, perturb, snapshot, writer
from .guard import internal_error

# The lines are written here, not built as dicts for events.emit: a boundary is on every test's path,
# and the generic encoder's walk over a dict cost more than the rest of the line (f-strings, cached texts).
_text = jsontext.text


def start(test_id, runner, site):
    """Make `test_id` the running test and record its start; returns its scope entry (for end())."""
    context.set_test(test_id)
    scope = context.push("test", test_id)
    _write_start(test_id, runner, site, perturb.begin_test(test_id))
    snapshot.boundary("start", test_id)
    hang.arm(test_id)
    return scope


def end(test_id, scope, t0, outcome, message):
    """Record the end of the running test (started at clock.monotonic_ns() `t0`); no test is running
    after it. The caller disarmed the hang timer first."""
    context.pop(scope)
    _write_end(test_id, (clock.monotonic_ns() - t0 + 500) // 1000, outcome, message)
    snapshot.boundary("end", test_id)
    context.set_test(None)


def _write_start(test_id, runner, site, planned):
    if not writer.enabled():
        return
    try:
        site = "" if site is None else ',"site":' + jsontext.site(site)
        planned = ',"perturbation":' + jsontext.encode({"sleepSites": planned}) if planned else ""
        now = clock.monotonic_ns()
        writer.append(f'{{"ev":"test-start","test":{_text(test_id)},"runner":{_text(runner)}{site}{planned},"t":{now},"tid":{clock.get_ident()}}}\n', "test-start", now)
    except BaseException as exc:
        internal_error("execution.start", exc)


def _write_end(test_id, micros, outcome, message):
    """The test-end line; its duration in seconds written as whole microseconds with an exponent (the same
    JSON number as the decimal): formatting an int, not rounding and printing a float."""
    if not writer.enabled():
        return
    try:
        message = ',"message":' + jsontext.encode(message) if message else ""
        now = clock.monotonic_ns()
        writer.append(f'{{"ev":"test-end","test":{_text(test_id)},"outcome":{_text(outcome)},"duration":{micros}e-6{message},"t":{now},"tid":{clock.get_ident()}}}\n', "test-end", now)
    except BaseException as exc:
        internal_error("execution.end", exc)
