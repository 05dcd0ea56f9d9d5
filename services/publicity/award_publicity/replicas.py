"""What publicity learns from the other services: who applied (the recipient of an award).
Who sits in the cycle's supervision group is the kit's roster (award_shared.web.cycle_access)."""
from award_shared.store.driver import insert_if_absent

from . import queries
from .domain import candidates as status
from .tables import applicants

#: the step a candidate of each status stands at here (for ``hold.applied``)
STEP_OF_STATUS = {status.LISTED: "deliberation", status.PENDING: "deliberation", status.ADOPTED: "public_notice",
                  status.IN_NOTICE: "objection_handling", status.APPROVED: "conferral"}


def record_submitted(tx, event):
    d = event.data
    insert_if_absent(tx.session, applicants, application_id=d["application_id"], cycle_id=d["cycle_id"],
                     kind=d["kind"], applicant_name=d["applicant_name"], credit_code=d.get("credit_code"),
                     person_key=d.get("person_key"), district=d.get("district"), learned_at=tx.now())


def step_of(session, cycle_id, application_id):
    row = queries.candidate(session, cycle_id, application_id)
    return STEP_OF_STATUS.get(row["status"]) if row else None
