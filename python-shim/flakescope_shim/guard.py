"""Rule 1: an exception inside flakescope becomes an internal-error event, never a test failure."""
from . import writer
from .redact import truncate


def internal_error(where, exc=None):
    """Record that flakescope failed at `where`; never raises, never prints."""
    try:
        import traceback  # here, not at import: every process starts the shim, few ever fail in it

        text = "".join(traceback.format_exception_only(type(exc), exc)).strip() if exc is not None else "unknown"
        tb = traceback.extract_tb(exc.__traceback__) if exc is not None else []
        if tb:
            last = tb[-1]
            text += " (at %s:%d in %s)" % (last.filename, last.lineno, last.name)
        writer.emit({"ev": "internal-error", "where": where, "error": truncate(text)})
    except BaseException:
        pass
