"""The rules of acting.py applied to this service's records (Art. 9): who acts for a cycle's
group. Who reads which cycle is the kit's one rule (``call.cycle_reader``, ``call.readable_cycles``),
applied in queries.py to a roster group.py and findings.py record as they publish."""
from award_shared import errors

from . import queries
from .domain import acting


def require_supervisor(tx, principal, cycle_id):
    """The caller sits on the cycle's group now, or 404 (unknown cycle) / 403 (Art. 9; Art. 27
    for a member disqualified from the cycle: the roster keeps them off every act of it)."""
    queries.cycle(tx, cycle_id)
    acting.check_supervisor(queries.sitting_group(tx, cycle_id), principal.sub, cycle_id)
    if not queries.sits(tx, principal, cycle_id):
        raise errors.Forbidden(f"您已被取消 {cycle_id} 的评审工作资格，不得再履行本届职责（第二十七条）",
                               f"you were disqualified from {cycle_id} (Art. 27)", article="Art. 27",
                               code="disqualified")
