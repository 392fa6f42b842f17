"""Per-user quotas backed by a store the tests replace."""


def store_limit(user):
    return 100


def remaining(user, used):
    return store_limit(user) - used


def label(user):
    return "quota:" + user
