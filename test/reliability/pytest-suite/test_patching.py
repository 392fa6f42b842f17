"""A pytest suite whose outcomes must not change under flakescope: monkeypatch, mocker, tmp_path,
xdist, with passes, failures, errors, skips and xfails on purpose."""
import json
import os
import time

import pytest


def load(path):
    with open(path) as f:
        return json.load(f)


def test_monkeypatch_setattr(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 42.0)
    assert time.time() == 42.0


def test_monkeypatch_undone():
    assert time.time() != 42.0


def test_monkeypatch_env(monkeypatch):
    monkeypatch.setenv("DIFF_SUITE_FLAG", "on")
    assert os.environ["DIFF_SUITE_FLAG"] == "on"


def test_monkeypatch_setitem(monkeypatch):
    config = {"a": 1}
    monkeypatch.setitem(config, "a", 2)
    assert config == {"a": 2}


def test_mocker_patch(mocker):
    m = mocker.patch("os.getcwd", return_value="/nowhere")
    assert os.getcwd() == "/nowhere"
    m.assert_called_once()


def test_mocker_spy(mocker):
    spy = mocker.spy(json, "dumps")
    json.dumps({"x": 1})
    assert spy.call_count == 1


def test_mocker_patch_object_fails_on_purpose(mocker):
    mocker.patch.object(os.path, "exists", return_value=False)
    assert os.path.exists("/")


def test_mocker_start_stop(mocker):
    patcher = mocker.patch("os.cpu_count", return_value=512)
    assert os.cpu_count() == 512
    mocker.stopall()
    assert os.cpu_count() != 512 or patcher is None


def test_tmp_path(tmp_path):
    p = tmp_path / "data.json"
    p.write_text('{"k": [1, 2]}')
    assert load(p) == {"k": [1, 2]}


def test_workdir_fixture(workdir):
    assert os.getcwd() == str(workdir)
    open("here.txt", "w").close()
    assert os.listdir(workdir) == ["here.txt"]


@pytest.mark.parametrize("n", range(6))
def test_parametrized(n, shared_counter):
    shared_counter["n"] += 1
    assert n < 5


@pytest.fixture
def broken_fixture():
    raise RuntimeError("fixture fails on purpose")


def test_error_in_fixture(broken_fixture):
    pass


@pytest.mark.skip(reason="skipped on purpose")
def test_skipped():
    pass


@pytest.mark.xfail(reason="expected to fail", strict=True)
def test_xfail():
    assert False


def test_sleep_is_real():
    started = time.monotonic()
    time.sleep(0.01)
    assert time.monotonic() - started >= 0.01


def test_mocker_spy_os_write(mocker, tmp_path):
    spy = mocker.spy(os, "write")
    fd = os.open(str(tmp_path / "w"), os.O_WRONLY | os.O_CREAT)
    try:
        os.write(fd, b"x")
    finally:
        os.close(fd)
    assert spy.call_count == 1
