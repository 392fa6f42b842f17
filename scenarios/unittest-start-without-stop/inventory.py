"""A tiny stock service that the tests patch."""

STOCK = {"apple": 5, "pear": 0}


def stock_level(sku):
    return STOCK.get(sku, 0)


def reorder_needed(sku):
    return stock_level(sku) < 1


def supplier_name(sku):
    return "acme"
