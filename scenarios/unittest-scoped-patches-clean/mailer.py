"""A mailer whose collaborators the tests replace in every scoped way unittest.mock offers."""
import os

RETRIES = 3


class Transport:
    def send(self, to, body):
        return "sent"


def render(template):
    return template.upper()


def deliver(to, body):
    return Transport().send(to, render(body))


def sender():
    return os.environ.get("MAILER_FROM", "noreply@example.org")
