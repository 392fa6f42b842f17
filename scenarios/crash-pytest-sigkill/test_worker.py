"""pytest: the middle test SIGKILLs its own process (a segfaulting C extension looks the same)."""
import os
import signal


def test_a_before(tmp_path):
    (tmp_path / "x").write_text("ok")
    assert (tmp_path / "x").read_text() == "ok"


def test_b_killed():
    os.kill(os.getpid(), signal.SIGKILL)


def test_c_never_runs():
    assert True
