"""Installing a wrapper over a class attribute, once (DESIGN rule 4: hooks install in pairs).

The wrapper keeps the original's name, qualname and doc, so introspection in the program under test
sees what it would without flakescope, and carries the original under MARK so a second install (or
a re-wrap after a library swapped the attribute) can tell ours from theirs."""

MARK = "__flakescope_wrapped__"


def is_ours(fn):
    return hasattr(fn, MARK)


def dress(wrapper, original):
    """Mark `wrapper` as ours and give it the original's identity; returns it."""
    setattr(wrapper, MARK, original)
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        try:
            setattr(wrapper, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass  # a builtin or partial without that attribute: the wrapper keeps its own
    return wrapper


def replace(klass, name, make):
    """Set klass.name to make(original) unless the class does not define it or it is already ours."""
    original = klass.__dict__.get(name)
    if original is None or is_ours(original):
        return
    setattr(klass, name, dress(make(original), original))
