"""The rules of acting.py applied to this service's records (Art. 9): who acts for a cycle's
group. Who reads which cycle is the kit's one rule (``call.cycle_reader``, ``call.readable_cycles``),
applied in queries.py to a roster group.py and findings.py record as they publish."""
from . import queries
from .domain import acting


def require_supervisor(tx, principal, cycle_id):
    """The caller sits on the cycle's group now, or 404 (unknown cycle) / 403 (Art. 9)."""
    queries.cycle(tx, cycle_id)
    acting.check_supervisor(queries.sitting_group(tx, cycle_id), principal.sub, cycle_id)
