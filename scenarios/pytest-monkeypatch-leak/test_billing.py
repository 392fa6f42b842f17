from unittest import mock

import billing


def test_currency(fixed_currency):
    assert billing.currency() == "EUR"


def test_offline_rate(offline):
    assert billing.fetch_rate("USD") == 1.0
    assert billing.region() == "eu"


def test_vat_free_leak():
    # Leak: started, never stopped.
    mock.patch("billing.vat_rate", return_value=0.0).start()
    assert billing.gross(100) == 100


def test_gross_with_vat():
    # Victim: gross() calls the mock test_vat_free_leak left behind.
    assert billing.gross(100) == 120


class TestScoped:
    def test_context_manager(self):
        with mock.patch("billing.fetch_rate", return_value=2.0):
            assert billing.fetch_rate("GBP") == 2.0

    def test_monkeypatch_undone(self):
        assert billing.region() == "us"
