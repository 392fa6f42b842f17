"""Build and write events with the common fields (test)."""
from . import context, writer
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

