"""Order handling with an inventory client, a clock and environment settings."""
import os


class InventoryClient:
    def reserve(self, sku, qty):
        return qty <= 10


def now():
    return "2030-01-01T00:00:00"


def warehouse():
    return os.environ.get("ORDERS_WAREHOUSE", "main")


def place(sku, qty):
    if not InventoryClient().reserve(sku, qty):
        return "backorder"
    return "placed at %s from %s" % (now(), warehouse())
