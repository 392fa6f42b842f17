"""A report built by a worker thread with a little real work (no sleep of its own)."""


class Report:
    def __init__(self):
        self.rows = None

    def build(self, n):
        self.rows = [i * i for i in range(n)]
