"""The rules of acting.py applied to this service's records (Art. 9): who acts for a cycle's
group. Who reads which cycle is the kit's one rule (``call.cycle_reader``, ``call.readable_cycles``),
applied in queries.py; the roster it reads is fed here in the same transaction as the group."""
from .domain import acting
from . import queries


def require_supervisor(tx, principal, cycle_id):
    """The caller sits on the cycle's group now, or 404 (unknown cycle) / 403 (Art. 9)."""
    queries.cycle(tx, cycle_id)
    acting.check_supervisor(queries.sitting_group(tx, cycle_id), principal.sub, cycle_id)
