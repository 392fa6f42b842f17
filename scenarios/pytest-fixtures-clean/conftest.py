from unittest import mock

import pytest

import shipping


@pytest.fixture(scope="session")
def fixed_carrier():
    with mock.patch("shipping.carrier", return_value="courier") as carrier:
        yield carrier


@pytest.fixture(scope="class")
def known_distances():
    patcher = mock.patch("shipping.distance_km", side_effect=lambda city: {"lyon": 400, "oslo": 1200}[city])
    yield patcher.start()
    patcher.stop()


@pytest.fixture
def extra_zone(monkeypatch):
    monkeypatch.setitem(shipping.ZONES, "asia", 11)
    monkeypatch.delenv("SHIP_PREFIX", raising=False)
