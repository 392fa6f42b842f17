"""Where process-wide state is changed when no audit event says so: logging levels and handlers,
signal handlers, socket.setdefaulttimeout, asyncio.set_event_loop_policy.

Each wrapper notes the caller's site under the snapshot key it changes (audit.state),
then calls the original unchanged.
"""
import sys

from ..guard import internal_error
from . import audit


def _noting(original, key_of):
    def wrapper(*args, **kwargs):
        try:
            key = key_of(args, kwargs)
            if key is not None:
                note = audit.note(sys._getframe(1))
                # A framework restoring state (fixtures' cleanup) has no user site: keep the user's line.
                if note["site"] is not None or key not in audit.state:
                    audit.state[key] = note
        except BaseException as exc:
            internal_error("hooks/state.py", exc)
        return original(*args, **kwargs)

    wrapper.__flakescope_wrapped__ = original
    for attr in ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__"):
        if hasattr(original, attr):
            try:
                setattr(wrapper, attr, getattr(original, attr))
            except (AttributeError, TypeError):
                pass
    return wrapper


def _replace(owner, name, key_of):
    original = getattr(owner, name, None)
    if original is None or hasattr(original, "__flakescope_wrapped__"):
        return
    setattr(owner, name, _noting(original, key_of))


def _logger_key(args, kwargs):
    logger = args[0] if args else None
    return "logging:%s" % getattr(logger, "name", "root") if logger is not None else None


def _signal_key(args, kwargs):
    import signal

    number = args[0] if args else kwargs.get("signalnum")
    try:
        return "signal.%s" % signal.Signals(number).name
    except (ValueError, TypeError):
        return None


def install_logging(logging):
    for name in ("setLevel", "addHandler", "removeHandler"):
        _replace(logging.Logger, name, _logger_key)


def install_signal(signal):
    _replace(signal, "signal", _signal_key)


def install_socket(socket):
    _replace(socket, "setdefaulttimeout", lambda a, k: "socket.getdefaulttimeout()")


def install_asyncio(events):
    _replace(events, "set_event_loop_policy", lambda a, k: "asyncio event loop policy")
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and getattr(asyncio, "set_event_loop_policy", None) is getattr(events, "set_event_loop_policy").__flakescope_wrapped__:
        asyncio.set_event_loop_policy = events.set_event_loop_policy
