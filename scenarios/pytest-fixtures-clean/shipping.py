"""Shipping quotes with collaborators the tests replace through fixtures."""
import os

ZONES = {"eu": 5, "us": 7}


def carrier():
    return "post"


def distance_km(city):
    raise ConnectionError("no network in tests")


def quote(city, zone):
    return ZONES[zone] + distance_km(city) // 100


def label_prefix():
    return os.environ.get("SHIP_PREFIX", "PKG")
