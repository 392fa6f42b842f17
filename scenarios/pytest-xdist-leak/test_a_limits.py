from unittest import mock

import quotas


def test_zero_limit_leak():
    # Leak inside an xdist worker: started, never stopped.
    mock.patch("quotas.store_limit", return_value=0).start()
    assert quotas.remaining("ann", 0) == 0


def test_remaining_default():
    # Victim, in the same worker because of --dist loadfile.
    assert quotas.remaining("bob", 10) == 90
