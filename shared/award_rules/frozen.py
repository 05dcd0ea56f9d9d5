"""A cycle's rule set, parsed once and shared read-only.

Every score sheet, every decision and most reads need the rule set their cycle was opened
under, stored as JSON beside the cycle (≈10 KB for the 2018 Measures). Parsing it on every
call cost ≈40 µs, as much as the rest of a sheet's reads together. It never changes once the
cycle is known, so :func:`parsed_ruleset` parses each distinct text once and hands out the
same object — which is only safe if nobody can change it: the object is made of
:class:`FrozenDict` and :class:`FrozenList`, which read like ``dict`` and ``list`` (and
serialise as them), refuse every change with ``TypeError``, and copy (``dict(x)``,
``copy.deepcopy(x)``, :func:`thaw`) into plain, changeable ones.

The cache is keyed by the stored text itself, not by the cycle's id or digest: two
databases in one process (tests, a restore) may hold the same cycle id with different rules.
"""
import functools
import json


def _refuse(self, *args, **kwargs):
    raise TypeError(f"a cycle's rule set is read-only ({type(self).__name__}); copy it to change it: "
                    "dict(x), list(x) or award_rules.frozen.thaw(x)")


class _Frozen:
    """What both read-only containers share: every copy is a plain, changeable one."""
    __slots__ = ()
    _plain = None  # the builtin it reads as

    def __copy__(self):
        return self._plain(self)

    def __deepcopy__(self, memo):
        return thaw(self)

    def __reduce__(self):
        return self._plain, (thaw(self),)


class FrozenDict(_Frozen, dict):
    """A ``dict`` that refuses changes."""
    __slots__ = ()
    _plain = dict
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse


class FrozenList(_Frozen, list):
    """A ``list`` that refuses changes."""
    __slots__ = ()
    _plain = list
    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __iadd__ = __imul__ = _refuse


def freeze(value):
    """``value`` (parsed JSON) with every dict and list made read-only."""
    if isinstance(value, dict):
        return FrozenDict((k, freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return FrozenList(freeze(v) for v in value)
    return value


def thaw(value):
    """A plain, changeable deep copy of ``value``."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value


@functools.lru_cache(maxsize=32)  # distinct rule set texts; a service sees one or two cycles a year
def parsed_ruleset(text):
    """The rule set stored as ``text`` (JSON), parsed once per distinct text, read-only."""
    return freeze(json.loads(text))
