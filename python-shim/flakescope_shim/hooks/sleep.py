"""Sleeps: one `sleep` event per logical sleep, with requested and actual seconds.

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

from .. import clock, context, jsontext, perturb, site, wrap, writer
from ..guard import internal_error

ORIGINAL_TIME_SLEEP = time.sleep
_inside = set()  # keys (thread or greenlet) currently inside a reported sleep


def _key():
    greenlet = sys.modules.get("greenlet")
    if greenlet is not None:
        try:
            return ("g", id(greenlet.getcurrent()))
        except BaseException:
            pass
    return ("t", clock.get_ident())


def _requested(args, kwargs, name="seconds"):
    value = args[0] if args else next(iter(kwargs.values()), None)
    try:
        return float(value)
    except (TypeError, ValueError):
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
    """(args, kwargs, site, scale) after any sleep perturbation; site is None when not computed."""
    if not perturb.active():
        return args, kwargs, None, None
    where = site.find_or_innermost(frame)
    change = perturb.sleep_duration(requested, where)
    if change is None:
        return args, kwargs, where, None
    seconds, scale = change
    args, kwargs = _with_duration(args, kwargs, seconds)
    return args, kwargs, where, scale


def _report(api, requested, started, frame, where=None, scale=None):
    """`api` is already JSON text (encoded once per wrapper)."""
    # %.6f: microseconds, as round(x, 6) gave, at a third of its cost.
    members = '"api":%s,"requested":%s,"actual":%.6f,"site":%s' % (
        api, jsontext.number(requested), clock.monotonic() - started,
        jsontext.encode(where) if where is not None else site.find_or_innermost_text(frame))
    if scale is not None:
        members += ',"scale":%s' % jsontext.number(scale)
    writer.emit_members("sleep", jsontext.text(context.current_test()), members)


def wrap_sync(original, api):
    api_text = jsontext.text(api)

    def sleep(*args, **kwargs):
        key = None
        try:
            key = _key()
            if key in _inside:
                key = None
            else:
                _inside.add(key)
                requested = _requested(args, kwargs)
                frame = sys._getframe(1)
                args, kwargs, where, scale = _perturbed(args, kwargs, requested, frame)
                started = clock.monotonic()
        except BaseException as exc:
            internal_error("hooks/sleep.py", exc)
            if key is not None:
                _inside.discard(key)
            key = None
        if key is None:
            return original(*args, **kwargs)
        try:
            return original(*args, **kwargs)
        finally:
            _inside.discard(key)
            try:
                _report(api_text, requested, started, frame, where, scale)
            except BaseException as exc:
                internal_error("hooks/sleep.py", exc)
            del frame

    _copy_meta(sleep, original, api)
    return sleep


def wrap_async(original, api):
    api_text = jsontext.text(api)

    async def sleep(*args, **kwargs):
        frame = None
        try:
            requested = _requested(args, kwargs)
            frame = sys._getframe(1)
            args, kwargs, where, scale = _perturbed(args, kwargs, requested, frame)
            started = clock.monotonic()
        except BaseException as exc:
            internal_error("hooks/sleep.py", exc)
            frame = None
        try:
            return await original(*args, **kwargs)
        finally:
            if frame is not None:
                try:
                    _report(api_text, requested, started, frame, where, scale)
                except BaseException as exc:
                    internal_error("hooks/sleep.py", exc)
                del frame

    _copy_meta(sleep, original, api)
    return sleep


def _copy_meta(wrapper, original, api):
    wrap.dress(wrapper, original)
    wrapper.__flakescope_api__ = api


def _wrap_attr(module, name, api, wrapper=wrap_sync):
    current = getattr(module, name, None)
    if current is None or getattr(current, "__flakescope_api__", None) == api:
        return
    setattr(module, name, wrapper(current, api))


def ensure():
    """Re-wrap time.sleep if something replaced our wrapper since (rule 4)."""
    try:
        _wrap_attr(time, "sleep", "time.sleep")
    except BaseException as exc:
        internal_error("hooks/sleep.py", exc)


def _after_call(original, then):
    def wrapper(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        finally:
            then()

    return wrap.dress(wrapper, original)


def _on_eventlet_greenthread(module):
    _wrap_attr(module, "sleep", "eventlet.greenthread.sleep")


def _on_eventlet(module):
    _wrap_attr(module, "sleep", "eventlet.sleep")


def _on_eventlet_patcher(module):
    if not hasattr(module.monkey_patch, "__flakescope_wrapped__"):
        module.monkey_patch = _after_call(module.monkey_patch, ensure)


def _on_gevent_hub(module):
    _wrap_attr(module, "sleep", "gevent.sleep")


def _on_gevent(module):
    _wrap_attr(module, "sleep", "gevent.sleep")


def _on_gevent_monkey(module):
    for name in ("patch_time", "patch_all"):
        fn = getattr(module, name, None)
        if fn is not None and not hasattr(fn, "__flakescope_wrapped__"):
            setattr(module, name, _after_call(fn, ensure))


def _on_asyncio_tasks(module):
    _wrap_attr(module, "sleep", "asyncio.sleep", wrap_async)


def _on_asyncio(module):
    tasks = sys.modules.get("asyncio.tasks")
    if tasks is not None:
        _on_asyncio_tasks(tasks)
        module.sleep = tasks.sleep


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
