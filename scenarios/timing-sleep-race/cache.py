"""A cache whose refresh does a little real work (no sleep of its own)."""


class Cache:
    def __init__(self):
        self.value = "stale"

    def refresh(self, size):
        self.checksum = sum(i * i for i in range(size))
        self.value = "fresh"
