from unittest import mock

import pytest


@pytest.fixture
def doubled_rate():
    # Leak: a fixture that starts a patch and never stops it.
    mock.patch("rates.rate", return_value=2.0).start()
    return 2.0
