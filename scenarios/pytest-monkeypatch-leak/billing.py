"""Invoice arithmetic with collaborators the tests replace."""
import os


def vat_rate():
    return 0.2


def currency():
    return "USD"


def fetch_rate(code):
    raise ConnectionError("no network in tests")


def region():
    return os.environ.get("BILLING_REGION", "us")


def gross(net):
    return round(net * (1 + vat_rate()), 2)
