from unittest import mock

import pytest

import billing


@pytest.fixture(scope="module")
def fixed_currency():
    # Module-scoped patch, stopped in the fixture's teardown: alive across tests, but not a leak.
    patcher = mock.patch("billing.currency", return_value="EUR")
    patcher.start()
    yield
    patcher.stop()


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(billing, "fetch_rate", lambda code: 1.0)
    monkeypatch.setenv("BILLING_REGION", "eu")
