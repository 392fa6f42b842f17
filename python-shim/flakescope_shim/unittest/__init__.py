"""unittest integration (testtools and stestr run through it too): test boundaries, outcomes,
class and module scopes, setUp/tearDown and addCleanup as fixtures, the suite's order."""
