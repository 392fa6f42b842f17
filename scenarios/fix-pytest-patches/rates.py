"""Currency conversion with collaborators the tests replace."""
import os


def rate():
    return 1.0


def fee():
    return 0


def symbol():
    return "$"


def mode():
    return os.environ.get("RATES_MODE", "live")


def convert(amount):
    return amount * rate() + fee()
