"""A notifier with collaborators replaced through the fixtures library."""

SENDER = "ops@example.org"


class Pager:
    retries = 3

    def page(self, who):
        return "paged " + who


def smtp_send(to, body):
    raise ConnectionError("no network in tests")


def notify(to):
    return smtp_send(to, "from " + SENDER)
