"""Who is logged in: module state a test sets and another relies on."""
user = None


def greeting():
    return "hello %s" % user
