"""The rules of acting.py applied to this service's records (Art. 9)."""
from award_shared.cycles import load_cycle

from .domain import acting
from .group import member_cycles, sitting_group


def require_supervisor(session, principal, cycle_id):
    """The caller sits on the cycle's group now, or 404 (unknown cycle) / 403 (Art. 9)."""
    load_cycle(session, cycle_id)
    acting.check_supervisor(sitting_group(session, cycle_id), principal.sub, cycle_id)


def visible_cycles(session, principal):
    """The cycles the caller may read (None: every cycle)."""
    return acting.visible_cycles(principal.roles, member_cycles(session, principal.sub))


def check_visible(session, principal, cycle_id):
    acting.check_visible(principal.roles, member_cycles(session, principal.sub), cycle_id)


def sees_complainant(session, principal, cycle_id):
    return acting.sees_complainant(principal.roles, member_cycles(session, principal.sub), cycle_id)
