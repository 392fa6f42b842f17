import os
from unittest import mock

import rates


def test_convert_doubled(doubled_rate):
    assert rates.convert(10) == 10 * doubled_rate


def test_named_patcher():
    # Leak: a named patcher, started and never stopped.
    patcher = mock.patch("rates.fee", return_value=1)
    patcher.start()
    assert rates.fee() == 1


def test_inline_start():
    # Leak: started inline, never stopped.
    mock.patch("rates.symbol", return_value="EUR").start()
    assert rates.symbol() == "EUR"


def test_env_dict():
    # Leak: patch.dict(os.environ).start() without stop.
    mock.patch.dict(os.environ, {"RATES_MODE": "test"}).start()
    assert rates.mode() == "test"


def test_scoped_symbol():
    with mock.patch("rates.symbol", return_value="GBP"):
        assert rates.symbol() == "GBP"


def test_z_real_values():
    # Victim of every leak above.
    assert (rates.convert(10), rates.symbol(), rates.mode()) == (10.0, "$", "live")
