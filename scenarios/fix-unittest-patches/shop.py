"""A small shop whose collaborators the tests patch."""
import os


def region():
    return "us"


def now():
    return "real-now"


def in_stock(sku):
    return False


def discount():
    return 0.0


def total(amount):
    return amount * (1 - discount())


def currency():
    return os.environ.get("SHOP_CURRENCY", "USD")
