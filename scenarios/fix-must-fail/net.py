"""Network status the tests patch."""


def online():
    return True


def banner():
    return "online" if online() else "offline"
