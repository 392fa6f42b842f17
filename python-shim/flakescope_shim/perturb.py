"""Perturbations the orchestrator asks for through FLAKESCOPE_* variables (built by src/run/env.ts, the one place that decides them).

parse() is pure: environment in, (settings, errors) out. Absent variables mean no
perturbation, and with none set every function here is a no-op, so outcomes never
change (rule 1). Randomness comes from random.Random(seed), never the global RNG,
which tests may seed or inspect.
"""
import _thread
import math
import os
import sys

from . import clock, context
from .guard import internal_error

ORDERS = ("default", "reverse")
SHUFFLE_PREFIX = "shuffle:"


def _float(text, low=0.0):
    value = float(text)
    if not math.isfinite(value) or value < low:
        raise ValueError("expected a finite number >= %s, got %r" % (low, text))
    return value


def _sites(text):
    import json  # here: only FLAKESCOPE_SLEEP_SITES is JSON, and importing json adds to every process's start-up

    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object of \"file:line\": scale")
    return _site_map(value)


def _plan(text):
    import json  # here: as in _sites

    value = json.loads(text)
    if not isinstance(value, dict) or not all(isinstance(v, list) and v for v in value.values()):
        raise ValueError("expected a JSON object of test id: [{\"file:line\": scale}, ...]")
    return {str(test): [_site_map(entry) for entry in entries] for test, entries in value.items()}


def _site_map(entry):
    if not isinstance(entry, dict):
        raise ValueError("expected each plan entry to be a JSON object of \"file:line\": scale")
    return {str(key): _float(scale) for key, scale in entry.items()}


def _order(text):
    if text in ORDERS or (text.startswith(SHUFFLE_PREFIX) and text[len(SHUFFLE_PREFIX):]):
        return text
    raise ValueError("expected default, reverse or shuffle:<seed>, got %r" % text)


def _positive(text):
    value = _float(text)
    if value <= 0:
        raise ValueError("expected a number > 0, got %r" % text)
    return value


def _scope(text):
    if not text:
        raise ValueError("expected a file path, got an empty one")
    return text


# variable -> (header key, parser). Sleep scaling at a site (as src/trace/scale.ts on the Node side):
# its FLAKESCOPE_SLEEP_SITES entry if any, else FLAKESCOPE_SLEEP_SCALE when FLAKESCOPE_SLEEP_SCOPE is
# unset or the site's file is that path or ends with "/" + it, else 1x. FLAKESCOPE_SLEEP_PLAN gives
# tests their own sites to scale, one entry per execution (begin_test), ahead of all of these.
VARS = (
    ("FLAKESCOPE_SLEEP_SCALE", "sleepScale", _float),
    ("FLAKESCOPE_SLEEP_SITES", "sleepSites", _sites),
    ("FLAKESCOPE_SLEEP_SCOPE", "sleepScope", _scope),
    ("FLAKESCOPE_SLEEP_PLAN", "sleepPlan", _plan),
    ("FLAKESCOPE_JITTER_MS", "jitterMs", _float),
    ("FLAKESCOPE_SEED", "seed", int),
    ("FLAKESCOPE_SWITCH_INTERVAL", "switchInterval", _positive),
    ("FLAKESCOPE_ORDER", "order", _order),
    ("FLAKESCOPE_TIMEOUT", "timeout", _positive),
)


def parse(environ):
    """(settings, errors): settings holds only the variables that are set and valid."""
    settings, errors = {}, []
    for name, key, parser in VARS:
        text = environ.get(name)
        if text is None or text == "":
            continue
        try:
            settings[key] = parser(text.strip())
        except (ValueError, TypeError) as exc:
            errors.append("%s: %s" % (name, exc))
    if settings.get("jitterMs") and "seed" not in settings:
        # Unseeded jitter still gets a recorded seed, so the run can be replayed.
        settings["seed"] = int.from_bytes(os.urandom(4), "big")
    return settings, errors


_settings = None
_errors = []
_rng = None
_rng_lock = _thread.allocate_lock()


def settings():
    """Parsed settings of this process (parsed once, on first use)."""
    global _settings, _errors
    if _settings is None:
        _settings, _errors = parse(os.environ)
    return _settings


def header():
    """The trace header's `perturbation` field, or None when nothing is perturbed."""
    return dict(settings()) or None


def changes_sleeps():
    """True when some setting can change a sleep's duration (sleep_duration may return a change)."""
    current = settings()
    return "sleepScale" in current or bool(current.get("sleepSites")) or bool(current.get("sleepPlan")) or bool(current.get("jitterMs"))


def _random():
    global _rng
    if _rng is None:
        import random  # here: only jitter draws numbers, and every process would pay for the import

        _rng = random.Random(settings().get("seed", 0))
    return _rng


def _jitter_seconds():
    limit = settings().get("jitterMs")
    if not limit:
        return 0.0
    with _rng_lock:
        return _random().uniform(0.0, limit) / 1000.0


def jitter():
    """Sleep a random 0..FLAKESCOPE_JITTER_MS with the original time.sleep (never a test's mock)."""
    try:
        delay = _jitter_seconds()
    except BaseException as exc:
        internal_error("perturb.jitter", exc)
        return
    if delay:
        clock.sleep(delay)


def in_sleep_scope(path, scope):
    """The file is the scope or ends with "/" + scope (a path-segment suffix); no scope: every file."""
    return scope is None or path == scope or path.endswith("/" + scope)


_executions = {}  # test id -> executions begun in this process (the index into its plan entries)
_active = [None, None]  # test id, {site: scale} of its current execution under FLAKESCOPE_SLEEP_PLAN


def begin_test(test_id):
    """The sites this execution of `test_id` scales under FLAKESCOPE_SLEEP_PLAN (the k-th entry of
    its list for its k-th execution in this process, cycling), or None when the plan has no entry
    for it. Tests run one at a time per process, so the sleeps of the threads it starts follow it."""
    plan = settings().get("sleepPlan")
    if not plan:
        return None
    entries = plan.get(test_id)
    if not entries:
        _active[0] = _active[1] = None
        return None
    k = _executions.get(test_id, 0)
    _executions[test_id] = k + 1
    _active[0], _active[1] = test_id, entries[k % len(entries)]
    return _active[1]


def sleep_scale(site):
    """The scale for a sleep at `site`: its entry in the running test's plan (FLAKESCOPE_SLEEP_PLAN),
    else its own entry in FLAKESCOPE_SLEEP_SITES, else the global one inside FLAKESCOPE_SLEEP_SCOPE,
    1 outside it, None when nothing scales sleeps."""
    current = settings()
    planned = _active[1]
    if planned is not None and site is not None and _active[0] == context.current_test():
        scale = planned.get("%s:%s" % (site.get("file"), site.get("line")))
        if scale is not None:
            return scale
    sites = current.get("sleepSites")
    if sites and site is not None:
        key = "%s:%s" % (site.get("file"), site.get("line"))
        if key in sites:
            return sites[key]
    scale = current.get("sleepScale")
    if scale is None:
        return None
    scope = current.get("sleepScope")
    path = site.get("file") if site is not None else None
    if scope is not None and (path is None or not in_sleep_scope(path, scope)):
        return 1.0
    return scale


def sleep_duration(requested, site):
    """(seconds to really sleep, scale applied or None) for a sleep the code asked `requested` of.

    None when the sleep must run untouched: nothing perturbs it, or its argument is
    not a plain finite non-negative number (the original call then raises as usual)."""
    if requested is None or not math.isfinite(requested) or requested < 0:
        return None
    scale = sleep_scale(site)
    extra = _jitter_seconds()
    if scale is None and not extra:
        return None
    return requested * (1.0 if scale is None else scale) + extra, scale


def apply():
    """Apply what start-up can apply (switch interval); report bad variables. Thread-start jitter is
    applied by hooks/threads.py, the one wrapper of Thread.start."""
    current = settings()
    for error in _errors:
        internal_error("perturb.parse", ValueError(error))
    if "switchInterval" in current:
        try:
            sys.setswitchinterval(current["switchInterval"])
        except BaseException as exc:
            internal_error("perturb.switchInterval", exc)
