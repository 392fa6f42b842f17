"""Build and write events with the common fields (test)."""
from . import context, jsontext, writer
from .guard import internal_error


def emit(ev, **fields):
    try:
        event = {"ev": ev}
        if "test" not in fields:
            event["test"] = context.current_test()
        event.update(fields)
        writer.emit(event)
    except BaseException as exc:
        internal_error("events.emit", exc)


def emit_members(ev, members):
    """Like emit() for a hot event whose other fields are already JSON members ('"k":v,...');
    `ev` is one of our own kinds, plain ASCII."""
    try:
        writer.emit_members(ev, jsontext.text(context.current_test()), members)
    except BaseException as exc:
        internal_error("events.emit", exc)
