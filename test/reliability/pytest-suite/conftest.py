import os

import pytest


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def shared_counter():
    return {"n": 0}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("DIFF_SUITE_FLAG", raising=False)
    yield
    assert "DIFF_SUITE_FLAG" not in os.environ or os.environ["DIFF_SUITE_FLAG"] != "leak"
