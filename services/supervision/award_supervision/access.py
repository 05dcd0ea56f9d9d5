"""The rules of acting.py applied to this service's records (Art. 9); who reads which cycle is
the kit's one rule (award_shared.web.cycle_access), fed here in the same transaction as the group."""
from award_shared.cycles import load_cycle
from award_shared.web import cycle_access

from .domain import acting
from .group import sitting_group


def require_supervisor(session, principal, cycle_id):
    """The caller sits on the cycle's group now, or 404 (unknown cycle) / 403 (Art. 9)."""
    load_cycle(session, cycle_id)
    acting.check_supervisor(sitting_group(session, cycle_id), principal.sub, cycle_id)


def visible_cycles(tx, call):
    """The cycles the caller may read (None: every cycle)."""
    return call.readable_cycles(tx).only


def check_visible(tx, call, cycle_id):
    """403 (Art. 9) unless the caller may read ``cycle_id``: a supervisor, while on its sitting group."""
    call.cycle_reader(tx, cycle_id)


def sees_complainant(session, principal, cycle_id):
    """A complainant's identity is seen only by the cycle's sitting group (contract.md, HTTP)."""
    return "supervisor" in principal.roles and cycle_access.sits(session, cycle_id, "supervisor", principal.sub)
