"""Sleeps: one `sleep` event per logical sleep, with requested and actual seconds; after the first
few of a site in one test execution, its further calls are counted in one `sleep-fold` (fold.py).

time.sleep is captured at import (rule 2) and re-wrapped whenever a library swaps
it (eventlet.monkey_patch, gevent.monkey) - rule 4. When one wrapped sleep calls
another (time.sleep -> eventlet's sleep) only the outermost reports; the
"already inside a sleep" mark is kept per greenlet, since greenthreads interleave
inside one OS thread.

Under FLAKESCOPE_SLEEP_SCALE / _SLEEP_SITES / _JITTER_MS the outermost wrapper
changes the duration it passes on (perturb.sleep_duration); the event then records
`requested` (what the code asked) and `actual` (what really elapsed), plus `scale`.
"""
import sys
import time

from .. import callsite, clock, context, fold, jsontext, perturb, wrap, writer
from ..guard import internal_error
from ..ids import identity
from ..records import SleepLine

ORIGINAL_TIME_SLEEP = clock.sleep
_inside = set()  # keys (thread ident, or ("g", id) of a greenlet) currently inside a reported sleep
_modules = sys.modules
_getframe = sys._getframe
_monotonic_ns = clock.monotonic_ns
_get_ident = clock.get_ident
_queue = writer.queue
_fold = fold.sleep
_epoch = fold.epoch
_numbers = jsontext.numbers
_codes = callsite.codes
_cached_number = jsontext.cached_number


def _key():
    greenlet = _modules.get("greenlet")
    if greenlet is not None:
        try:
            return ("g", identity(greenlet.getcurrent()))
        except BaseException:
            pass
    return _get_ident()


def _requested(args, kwargs):
    value = args[0] if args else next(iter(kwargs.values()), None)
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


# Keyword names the wrapped sleeps give their duration (time.sleep takes it positionally).
_DURATION_KEYWORDS = ("secs", "seconds", "delay")


def _with_duration(args, kwargs, seconds):
    """The call's arguments with the duration replaced by `seconds`."""
    if args:
        return (seconds,) + tuple(args[1:]), kwargs
    kwargs = dict(kwargs)
    name = next((k for k in _DURATION_KEYWORDS if k in kwargs), next(iter(kwargs), "seconds"))
    kwargs[name] = seconds
    return args, kwargs


def _perturbed(args, kwargs, requested, frame):
    """(args, kwargs, site text, scale or None) after any sleep perturbation."""
    where = callsite.find_or_innermost(frame)
    change = perturb.sleep_duration(requested, where)
    if change is None:
        return args, kwargs, jsontext.encode(where), None
    seconds, scale = change
    args, kwargs = _with_duration(args, kwargs, seconds)
    return args, kwargs, jsontext.encode(where), scale


def _before(args, kwargs, frame, changes):
    """(args, kwargs, site text or None when not tracing, requested seconds, scale or None): the work
    done before the sleep, so that little is left to run after it, when the process wakes with cold
    caches. `changes`: some perturbation may change the duration."""
    requested = _requested(args, kwargs)
    where = scale = None
    if changes:
        args, kwargs, where, scale = _perturbed(args, kwargs, requested, frame)
    if not writer.enabled():
        where = None  # perturb-only mode (no trace): the sleep is scaled, nothing is recorded
    elif where is None:
        where = callsite.find_or_innermost_text(frame)
    return args, kwargs, where, requested, scale


# One sleep event, formatted when the writer flushes (writer.queue): the wrappers queue the values,
# api, test and where as JSON text, requested and scale as numbers (or None), started and now in ns.
# "actual" is seconds written as nanoseconds with an exponent ("75123e-9"): the same JSON number as
# 0.000075123, formatted as an int, ~4x cheaper than a float with :.6f.
def _sleep_line(data):
    _, test, api, requested, scale, where, started, now, tid = data
    scaled = "" if scale is None else ',"scale":' + jsontext.number(scale)
    # f-string: a third cheaper than a %-template.
    return f'{{"ev":"sleep","test":{test},"api":{api},"requested":{_numbers.get(requested) or _cached_number(requested)},"actual":{now - started}e-9,"site":{where}{scaled},"t":{now},"tid":{_numbers.get(tid) or _cached_number(tid)}}}\n'


def wrap_sync(original, api):
    api_text = jsontext.text(api)
    changes = perturb.changes_sleeps()
    # The trace is opened before the hooks install and stays open (a forked child reopens its own).
    plain = not changes and writer.enabled()
    # The C sleep calls no other wrapped sleep: only wrappers of Python-level sleeps mark "inside".
    marks = original is not ORIGINAL_TIME_SLEEP

    # Every Python call here runs at the sleeping process's slow clock (~2.5x the cost measured in a
    # busy loop here), so the common case (traced, durations untouched, called from a user line seen
    # before) makes one Python call: fold.sleep (and writer.queue for the raw ones).
    def sleep(*args, **kwargs):
        key = where = None
        try:
            if not (_inside and _key() in _inside):  # else inside a reported sleep: not a sleep of its own
                frame = _getframe(1)
                if not plain:
                    args, kwargs, where, requested, scale = _before(args, kwargs, frame, changes)
                else:  # _before's common case with fewer calls
                    code = frame.f_code
                    entry = _codes.get(identity(code))  # callsite.user_text's common case inlined: a known user line
                    where = entry[2].get(frame.f_lasti) if entry is not None and entry[0]() is code else None
                    if where is None:
                        where = callsite.find_or_innermost_text(frame)
                    requested, scale = args[0] if args else None, None
                    if requested.__class__ is not float and requested.__class__ is not int:
                        requested = _requested(args, kwargs)
                del frame
                test, tid = context.test_text, _get_ident()
                if marks:
                    key = _key()
                    _inside.add(key)
                at, started = _epoch[0], _monotonic_ns()
        except BaseException as exc:
            internal_error("hooks/sleep.py", exc)
            if key is not None:
                _inside.discard(key)
            key = where = None
        if key is None and where is None:
            return original(*args, **kwargs)
        try:
            return original(*args, **kwargs)
        finally:
            if key is not None:
                _inside.discard(key)
            if where is not None:
                try:
                    now = _monotonic_ns()
                    if not _fold(test, api_text, where, tid, scale, requested, started, now, at):
                        _queue(SleepLine(_sleep_line, test, api_text, requested, scale, where, started, now, tid), now)
                except BaseException as exc:
                    internal_error("hooks/sleep.py", exc)

    sleep.__flakescope_api__ = api
    return sleep


def wrap_async(original, api):
    api_text = jsontext.text(api)
    changes = perturb.changes_sleeps()

    async def sleep(*args, **kwargs):
        where = None
        try:
            args, kwargs, where, requested, scale = _before(args, kwargs, _getframe(1), changes)
            test, tid = context.test_text, _get_ident()
            at, started = _epoch[0], _monotonic_ns()
        except BaseException as exc:
            internal_error("hooks/sleep.py", exc)
            where = None
        try:
            return await original(*args, **kwargs)
        finally:
            if where is not None:
                try:
                    now = _monotonic_ns()
                    if not _fold(test, api_text, where, tid, scale, requested, started, now, at):
                        _queue(SleepLine(_sleep_line, test, api_text, requested, scale, where, started, now, tid), now)
                except BaseException as exc:
                    internal_error("hooks/sleep.py", exc)

    sleep.__flakescope_api__ = api
    return sleep


_undo = wrap.Undo()


def _wrap_attr(module, name, api, wrapper=wrap_sync):
    """Wrap module.name unless it is our wrapper for `api` already (a library's sleep that calls one of
    ours is wrapped again: the inner one then does not report, see _inside)."""
    return _undo.replace(module, name, lambda current: wrapper(current, api),
                         skip=lambda current: getattr(current, "__flakescope_api__", None) == api)


def ensure():
    """Re-wrap time.sleep if something replaced our wrapper since (rule 4)."""
    try:
        _wrap_attr(time, "sleep", "time.sleep")
    except BaseException as exc:
        internal_error("hooks/sleep.py", exc)


def _after_call(then):
    def make(original):
        def wrapper(*args, **kwargs):
            try:
                return original(*args, **kwargs)
            finally:
                then()

        return wrapper

    return make


def _on_eventlet_greenthread(module):
    _wrap_attr(module, "sleep", "eventlet.greenthread.sleep")


def _on_eventlet(module):
    _wrap_attr(module, "sleep", "eventlet.sleep")


def _on_eventlet_patcher(module):
    _undo.replace(module, "monkey_patch", _after_call(ensure))


def _on_gevent_hub(module):
    _wrap_attr(module, "sleep", "gevent.sleep")


def _on_gevent(module):
    _wrap_attr(module, "sleep", "gevent.sleep")


def _on_gevent_monkey(module):
    for name in ("patch_time", "patch_all"):
        _undo.replace(module, name, _after_call(ensure))


def _on_asyncio_tasks(module):
    _wrap_attr(module, "sleep", "asyncio.sleep", wrap_async)


def _on_asyncio(module):
    tasks = sys.modules.get("asyncio.tasks")
    if tasks is not None:
        _on_asyncio_tasks(tasks)
        if wrap.is_ours(tasks.sleep):
            _undo.alias(module, "sleep", tasks.sleep)


def install(when_imported):
    ensure()
    when_imported("asyncio.tasks", _on_asyncio_tasks)
    when_imported("asyncio", _on_asyncio)
    when_imported("eventlet.greenthread", _on_eventlet_greenthread)
    when_imported("eventlet", _on_eventlet)
    when_imported("eventlet.patcher", _on_eventlet_patcher)
    when_imported("gevent.hub", _on_gevent_hub)
    when_imported("gevent", _on_gevent)
    when_imported("gevent.monkey", _on_gevent_monkey)


def uninstall():
    """Put back every sleep wrapped (time's, asyncio's, eventlet's, gevent's) and the re-wrap triggers."""
    _undo.restore()
