"""Where process-wide state is changed when no audit event says so: logging levels and handlers,
signal handlers, socket.setdefaulttimeout, asyncio.set_event_loop_policy.

Each wrapper notes who made the change (audit.note) under the snapshot key it changes (audit.state;
a logger's level and handlers apart, so a finding names the call that set what was never undone),
then calls the original unchanged.
"""
import sys

from .. import changes, wrap
from ..guard import internal_error
from . import audit

_undo = wrap.Undo()


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

    return wrapper


def _replace(owner, name, key_of, probe=None):
    return _undo.replace(owner, name, lambda original: _noting(original, key_of, probe))


def _logger_key(part):
    def key_of(args, kwargs):
        logger = args[0] if args else None
        return "logging:%s#%s" % (getattr(logger, "name", "root"), part) if logger is not None else None

    return key_of


def _signal_key(args, kwargs):
    import signal  # lazy: at the top, importing signal would install on it while this module is half made

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


def _counting(original):
    """signal.signal, noted as the others, and counted before it runs (changes.signals)."""
    noting = _noting(original, _signal_key)

    def signal(*args, **kwargs):
        changes.signals += 1
        return noting(*args, **kwargs)

    return signal


def install_signal(signal):
    _undo.replace(signal, "signal", _counting)


def counting_signals():
    """Our wrapper is signal.signal: changes.signals moves with every handler Python code sets."""
    return wrap.is_ours_at(sys.modules.get("signal"), "signal")


def install_socket(socket):
    _replace(socket, "setdefaulttimeout", lambda a, k: "socket.getdefaulttimeout()")


def install_asyncio(events):
    wrapper = _replace(events, "set_event_loop_policy", lambda a, k: "asyncio event loop policy")
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and wrapper is not None:
        _undo.alias(asyncio, "set_event_loop_policy", wrapper)


def uninstall():
    _undo.restore()
