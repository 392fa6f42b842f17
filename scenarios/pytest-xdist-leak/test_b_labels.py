from unittest import mock

import quotas


def test_label():
    assert quotas.label("ann") == "quota:ann"


def test_label_scoped():
    with mock.patch("quotas.label", return_value="x"):
        assert quotas.label("ann") == "x"
