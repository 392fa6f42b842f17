"""A tiny ledger the runner scenarios test: one store call, one environment setting."""
import os


class Store:
    def save(self, entry):
        return "saved:%s" % entry


def currency():
    return os.environ.get("LEDGER_CURRENCY", "EUR")


def record(entry):
    return "%s %s" % (Store().save(entry), currency())
