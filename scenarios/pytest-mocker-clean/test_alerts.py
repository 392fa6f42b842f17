import os

import pytest

import alerts


def test_mocker_patch(mocker):
    post = mocker.patch.object(alerts.Channel, "post", return_value="posted")
    assert alerts.route("db down") == "posted"
    post.assert_called_once_with("db down")


def test_mocker_spy(mocker):
    spy = mocker.spy(alerts, "severity")
    assert alerts.route("all fine") == "ignored"
    assert spy.call_count == 1


def test_mocker_dict(mocker):
    mocker.patch.dict(os.environ, {"ALERT_TEAM": "db"})
    assert alerts.team() == "db"


def test_mocker_string_target(mocker):
    mocker.patch("alerts.severity", return_value="low")
    assert alerts.route("web down") == "ignored"


def test_all_restored():
    assert alerts.severity("web down") == "high"
    assert alerts.team() == os.environ.get("ALERT_TEAM", "ops")
    with pytest.raises(ConnectionError):
        alerts.route("db down")
