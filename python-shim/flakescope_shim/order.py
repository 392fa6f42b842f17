"""FLAKESCOPE_ORDER: run the tests in reverse or seeded-shuffled order, inside the runner.

Reordering is hierarchical, as pytest-randomly does: modules among modules,
classes within their module, tests within their class. Each group stays
contiguous, so setUpClass/setUpModule (and pytest's class/module fixtures) still
run once per group. The shuffle has its own random.Random(seed), independent of
jitter, so the same seed gives the same order in every process (xdist workers
must collect identical lists). Each runner applies it: unittest/order.py, pytest/order.py.
"""
from . import perturb
from .perturb import SHUFFLE_PREFIX


def mode():
    """(mode, rng) for FLAKESCOPE_ORDER, or None when the runner's order stands."""
    order = perturb.settings().get("order")
    if not order or order == "default":
        return None
    if order.startswith(SHUFFLE_PREFIX):
        import random  # lazy: only a shuffle needs it, and every process would pay for the import

        seed = order[len(SHUFFLE_PREFIX):]
        return "shuffle", random.Random(int(seed) if seed.lstrip("-").isdigit() else seed)
    return order, None


def rearrange(nodes, mode, rng):
    """One level of a tree in the new order (a new list)."""
    nodes = list(nodes)
    if mode == "reverse":
        nodes.reverse()
    elif mode == "shuffle":
        rng.shuffle(nodes)
    return nodes


def arrange_keyed(items, keys_of, mode, rng, depth=0):
    """Items reordered group by group; keys_of(item) is its group path (module, class, ...)."""
    groups = {}
    for item in items:
        keys = keys_of(item)
        group = keys[depth] if depth < len(keys) else None
        groups.setdefault((group is None, group if group is not None else id(item)), []).append(item)
    out = []
    for (leaf, _), members in rearrange(groups.items(), mode, rng):
        out.extend(members if leaf else arrange_keyed(members, keys_of, mode, rng, depth + 1))
    return out
