"""Module-level configuration a test changes without restoring, and a reset another test calls."""
mode = "prod"


def reset():
    global mode
    mode = "prod"
