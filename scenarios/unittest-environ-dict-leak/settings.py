"""Settings read from the environment at call time."""
import os


def mode():
    return os.environ.get("SHOP_MODE", "production")


def debug():
    return os.environ.get("SHOP_DEBUG") == "1"
