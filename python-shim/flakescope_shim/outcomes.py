"""Test outcomes as both runners report them; the worst one wins when a test reports more than
once (subtests, cleanup errors, decorators, pytest's setup/call/teardown)."""

RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def outranks(outcome, current):
    """True when `outcome` replaces `current` (None: nothing reported yet)."""
    return current is None or RANK[outcome] > RANK[current]
