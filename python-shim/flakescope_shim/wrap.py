"""The one way the shim wraps what the program calls, and undoes it (docs/design.md, The shim's rules:
rule 4, hooks install and restore in pairs).

A wrapper keeps the original's name, qualname, doc and module, so introspection in the program under
test sees what it would without flakescope, and carries the original under MARK, so a second install
(or a re-wrap after a library swapped the attribute) can tell ours from theirs. Each hook module keeps
an Undo of what it replaced on which object; its uninstall() puts the originals back.
"""
import weakref

MARK = "__flakescope_wrapped__"
_IDENTITY = ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__")


def is_ours(fn):
    return hasattr(fn, MARK)


def is_ours_at(owner, name):
    """Our wrapper is owner.name now: the program may have put its own over it since we installed ours."""
    return owner is not None and is_ours(getattr(owner, name, None))


def original_of(fn):
    """What our wrapper `fn` wraps, or None when `fn` is not ours."""
    return getattr(fn, MARK, None)


def dress(wrapper, original):
    """Mark `wrapper` as ours and give it the original's identity; returns it."""
    setattr(wrapper, MARK, original)
    for attr in _IDENTITY:
        try:
            setattr(wrapper, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass  # a builtin or partial without that attribute: the wrapper keeps its own
    return wrapper


def _ref(obj):
    """A weak reference when `obj` takes one (a user's result class must not be kept alive: rule 6)."""
    try:
        return weakref.ref(obj)
    except TypeError:
        return lambda: obj


class Undo:
    """What one hook module set, newest last: (owner, attribute name, our wrapper), weakly. The value
    to put back is the wrapper's own MARK, so nothing of the program's is held here (rule 6)."""

    __slots__ = ("_done",)

    def __init__(self):
        self._done = []

    def __bool__(self):
        return bool(self._done)

    def replace(self, owner, name, make, skip=is_ours):
        """Set owner.name to make(original), dressed as the original, unless `owner` does not define
        `name` itself or skip(original) (by default: it is ours already). Returns the wrapper or None."""
        original = vars(owner).get(name)
        if original is None or skip(original):
            return None
        wrapper = dress(make(original), original)
        self._set(owner, name, wrapper)
        return wrapper

    def alias(self, owner, name, wrapper):
        """Point owner.name, a re-export of what `wrapper` wraps (asyncio.sleep of asyncio.tasks.sleep),
        at `wrapper` too; left alone when it holds something else."""
        if vars(owner).get(name) in (wrapper, original_of(wrapper)):
            self._set(owner, name, wrapper)

    def _set(self, owner, name, wrapper):
        # A re-wrap of one attribute (rule 4) adds a record; those whose wrapper is gone are dropped.
        self._done = [r for r in self._done if r[2]() is not None or r[1] != name]
        self._done.append((_ref(owner), name, weakref.ref(wrapper)))
        setattr(owner, name, wrapper)

    def restore(self):
        """Put back, newest first, what each wrapper wraps, where the attribute still holds that wrapper:
        one a library put in its place since keeps its own."""
        while self._done:
            owner_ref, name, wrapper_ref = self._done.pop()
            owner, wrapper = owner_ref(), wrapper_ref()
            if owner is not None and wrapper is not None and vars(owner).get(name) is wrapper:
                setattr(owner, name, original_of(wrapper))
