from unittest import mock

import pytest

import shipping


def test_session_carrier(fixed_carrier):
    assert shipping.carrier() == "courier"


@pytest.mark.usefixtures("known_distances")
class TestQuotes:
    @pytest.mark.parametrize("city,zone,expected", [("lyon", "eu", 9), ("oslo", "eu", 17)])
    def test_quote(self, city, zone, expected):
        assert shipping.quote(city, zone) == expected

    def test_dict_context(self):
        with mock.patch.dict(shipping.ZONES, {"eu": 0}):
            assert shipping.quote("lyon", "eu") == 4


def test_monkeypatched_zone(extra_zone):
    assert shipping.ZONES["asia"] == 11
    assert shipping.label_prefix() == "PKG"


def test_originals_back():
    assert "asia" not in shipping.ZONES
    assert shipping.ZONES["eu"] == 5
    with pytest.raises(ConnectionError):
        shipping.distance_km("lyon")
