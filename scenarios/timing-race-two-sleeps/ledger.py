"""A ledger whose totalling does a little real work (no sleep of its own)."""


class Ledger:
    def __init__(self):
        self.state = "open"

    def total_up(self, entries):
        self.total = sum(i % 7 for i in range(entries))
        self.state = "totalled"
