"""Which test is running and which scope owns what starts now.

Tests run one at a time per process in every runner we support, so the current
test and the scope stack are process-wide: threads, asyncio tasks and
greenthreads started by a test see it as theirs (rule 7).

The JSON texts of the current test and owner are kept beside them: hot events (sleeps, patches)
write them on every call, and they change only at boundaries.
"""
from . import jsontext

_test = None
test_text = "null"  # JSON text of current_test(): an attribute, not a call, for the hot hooks
_scopes = []  # innermost last: {"scope": "class"|"module"|"test"|"fixture", "id": ...}
SESSION = {"scope": "session", "id": "session"}

# Set by the pytest plugin: pytest's node ids win over unittest's own boundaries.
pytest_active = False


def current_test():
    return _test


def set_test(test_id):
    global _test, test_text
    _test = test_id
    test_text = jsontext.text(test_id)


def owner():
    entry = _scopes[-1] if _scopes else SESSION
    return {"scope": entry["scope"], "id": entry["id"]}


# JSON text of owner(): an attribute, not a call, for the hot hooks; set whenever the scopes change.
owner_text = _SESSION_TEXT = jsontext.owner(SESSION)


# JSON text of each pushed entry's owner, worked out at its push: not again when the entry inside it is popped.
_TEXT = "text"


def _scopes_changed():
    global owner_text
    owner_text = _scopes[-1][_TEXT] if _scopes else _SESSION_TEXT


def push(scope, scope_id):
    entry = {"scope": scope, "id": scope_id}
    entry[_TEXT] = jsontext.owner(entry)
    _scopes.append(entry)
    _scopes_changed()
    return entry


def pop(entry):
    """Remove `entry` (normally the innermost); tolerate unbalanced framework calls."""
    for i in range(len(_scopes) - 1, -1, -1):
        if _scopes[i] is entry:
            del _scopes[i]
            _scopes_changed()
            return


def open_scope(scope, scope_id):
    """The open entry with this scope and id, or None."""
    for entry in reversed(_scopes):
        if entry["scope"] == scope and entry["id"] == scope_id:
            return entry
    return None
