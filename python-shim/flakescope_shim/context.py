"""Which test is running and which scope owns what starts now.

Tests run one at a time per process in every runner we support, so the current
test and the scope stack are process-wide: threads, asyncio tasks and
greenthreads started by a test see it as theirs (rule 7).
"""

_test = None
_scopes = []  # innermost last: {"scope": "class"|"module"|"test"|"fixture", "id": ...}
SESSION = {"scope": "session", "id": "session"}

# Set by the pytest plugin: pytest's node ids win over unittest's own boundaries.
pytest_active = False


def current_test():
    return _test


def set_test(test_id):
    global _test
    _test = test_id


def owner():
    entry = _scopes[-1] if _scopes else SESSION
    return {"scope": entry["scope"], "id": entry["id"]}


def push(scope, scope_id):
    entry = {"scope": scope, "id": scope_id}
    _scopes.append(entry)
    return entry


def pop(entry):
    """Remove `entry` (normally the innermost); tolerate unbalanced framework calls."""
    for i in range(len(_scopes) - 1, -1, -1):
        if _scopes[i] is entry:
            del _scopes[i]
            return


def open_scope(scope, scope_id):
    """The open entry with this scope and id, or None."""
    for entry in reversed(_scopes):
        if entry["scope"] == scope and entry["id"] == scope_id:
            return entry
    return None
