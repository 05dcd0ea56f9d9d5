"""What publicity learns from the other services and keeps as they said it: who applied (the
recipient of an award, ``application.submitted``) and which awards the government revoked
(``award.revoked``). Who sits in the cycle's supervision group is the kit's roster
(``cycles.sits``); the office's candidate list (``candidates.proposed``) starts publicity's own
step 9 and is taken in by ``candidate_lists``."""
import json
from datetime import date

import sqlalchemy as sa

from . import queries
from .domain import candidates as status
from .tables import applicants, awards

#: the step a candidate of each status stands at here (for ``hold.applied``)
STEP_OF_STATUS = {status.LISTED: "deliberation", status.PENDING: "deliberation", status.ADOPTED: "public_notice",
                  status.IN_NOTICE: "objection_handling", status.APPROVED: "conferral"}


def record_submitted(tx, submitted):
    """``application.submitted``: the applicant's name and identity, once (a redelivery changes nothing)."""
    tx.insert_if_absent(applicants, application_id=submitted.application_id, cycle_id=submitted.data["cycle_id"],
                        kind=submitted.kind, applicant_name=submitted.applicant_name,
                        credit_code=submitted.credit_code, person_key=submitted.person_key,
                        district=submitted.district, learned_at=tx.now())


def record_revoked(tx, revoked):
    """``award.revoked``: the certificate stops verifying as genuine at once (Art. 28-30); the
    first decision's date stays."""
    tx.run(awards.update().where(awards.c.award_id == revoked.award_id).values(
        status="revoked", revoked_on=sa.func.coalesce(awards.c.revoked_on, date.fromisoformat(revoked.decision_date)),
        revocation_grounds=json.dumps(revoked.grounds)))


def step_of(tx, cycle_id, application_id):
    row = queries.candidate(tx, cycle_id, application_id)
    return STEP_OF_STATUS.get(row["status"]) if row else None
