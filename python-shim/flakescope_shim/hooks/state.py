"""Where process-wide state is changed when no audit event says so: logging levels and handlers,
signal handlers, socket.setdefaulttimeout, asyncio.set_event_loop_policy.

Each wrapper notes who made the change (audit.note) under the snapshot key it changes (audit.state;
a logger's level and handlers apart, so a finding names the call that set what was never undone),
then calls the original unchanged.
"""
import sys

from ..guard import internal_error
from . import audit


def _noting(original, key_of, probe=None):
    """probe(args): the value the call may change, read before and after it: a call that leaves it
    as it was re-applied what was there (every test's fixture setting the same level)."""
    def wrapper(*args, **kwargs):
        key = note = before = None
        try:
            key = key_of(args, kwargs)
            if key is not None:
                note = audit.note(sys._getframe(1))
                before = probe(args) if probe is not None else None
        except BaseException as exc:
            internal_error("hooks/state.py", exc)
        result = original(*args, **kwargs)
        if note is not None:
            try:
                if probe is not None and probe(args) == before:
                    audit.touch(key, note)
                else:
                    audit.note_state(key, note)
            except BaseException as exc:
                internal_error("hooks/state.py", exc)
        return result

    wrapper.__flakescope_wrapped__ = original
    for attr in ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__"):
        if hasattr(original, attr):
            try:
                setattr(wrapper, attr, getattr(original, attr))
            except (AttributeError, TypeError):
                pass
    return wrapper


def _replace(owner, name, key_of, probe=None):
    original = getattr(owner, name, None)
    if original is None or hasattr(original, "__flakescope_wrapped__"):
        return
    setattr(owner, name, _noting(original, key_of, probe))


def _logger_key(part):
    def key_of(args, kwargs):
        logger = args[0] if args else None
        return "logging:%s#%s" % (getattr(logger, "name", "root"), part) if logger is not None else None

    return key_of


def _signal_key(args, kwargs):
    import signal

    number = args[0] if args else kwargs.get("signalnum")
    try:
        return "signal.%s" % signal.Signals(number).name
    except (ValueError, TypeError):
        return None


def _logger_level(args):
    return args[0].level


def _logger_handlers(args):
    return tuple(args[0].handlers)


def install_logging(logging):
    for name, part, probe in (("setLevel", "level", _logger_level), ("addHandler", "handlers", _logger_handlers),
                              ("removeHandler", "handlers", _logger_handlers)):
        _replace(logging.Logger, name, _logger_key(part), probe)


def install_signal(signal):
    _replace(signal, "signal", _signal_key)


def install_socket(socket):
    _replace(socket, "setdefaulttimeout", lambda a, k: "socket.getdefaulttimeout()")


def install_asyncio(events):
    _replace(events, "set_event_loop_policy", lambda a, k: "asyncio event loop policy")
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and getattr(asyncio, "set_event_loop_policy", None) is getattr(events, "set_event_loop_policy").__flakescope_wrapped__:
        asyncio.set_event_loop_policy = events.set_event_loop_policy
