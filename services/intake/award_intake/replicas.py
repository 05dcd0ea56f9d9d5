"""What intake keeps of the other services' facts, each from its event:

- ``application.ineligible`` (scoring's qualification review, Art. 15): binding on the application;
- ``panel.assigned`` (scoring): the experts who may read the application's documents (Art. 25);
- ``award.approved`` (publicity): the government approved the cycle's list, so the office may
  close the cycle (Art. 18);
- ``award.granted`` (publicity) and ``award.revoked`` (revocation): the past-winner registry of
  Art. 6. A revocation that overtakes its grant is kept and completed when the grant arrives;
  a revoked award keeps its bar.

Each function takes the unit of work and the event as received (``events.X``, its fields as
attributes); a redelivered event changes nothing.
"""
import json
import logging
from datetime import date, datetime

import sqlalchemy as sa

from . import queries
from .applications import move
from .domain import lifecycle
from .tables import approvals, panels, past_winners

log = logging.getLogger(__name__)


# -- scoring -------------------------------------------------------------------------------
def record_ineligible(tx, ineligible):
    """``application.ineligible`` from scoring's qualification review (Art. 15): binding. An
    application the review may no longer move (withdrawn, a draft, already ineligible) keeps
    its status; the verdict is recorded beside it."""
    application_id = ineligible.application_id
    row = queries.load_application(tx, application_id)  # unknown: raises, and the event becomes a dead letter
    status = row["status"]
    if lifecycle.allows(status, "find_ineligible"):
        status = lifecycle.advance(row, "find_ineligible")
    if row["status"] in (lifecycle.WITHDRAWN, lifecycle.DRAFT):
        log.warning("application.ineligible for %s, which is %s: recorded, status kept", application_id, row["status"])
    move(tx, application_id, status, tx.now(), ineligible_article=ineligible.article,
         ineligible_reason=ineligible.reason)
    tx.audit(ineligible.type, target=application_id, reason=ineligible.reason,  # the action: the event's name
             detail={"from": row["status"], "to": status, "article": ineligible.article})
    tx.transition("qualification_review", "ineligible")  # counted once the batch commits


#: panel.assigned (once per application and more): the latest, by sequence, wins in one
#: conditional UPDATE. Two workers applying a newer and an older event at once (PostgreSQL)
#: would otherwise let the older one, read-then-written and committing last, overwrite the
#: newer: PostgreSQL re-checks this WHERE after the newer commits.
_PANEL_IF_NEWER = panels.update().where(panels.c.application_id == sa.bindparam("key_application_id"),
                                        panels.c.sequence < sa.bindparam("newer_than"))


def record_panel(tx, assigned):
    """``panel.assigned`` from scoring: the whole panel as it now stands (a later event, by
    its sequence, replaces an earlier one; an older one arriving late is ignored)."""
    values = dict(expert_subjects=json.dumps(sorted(set(assigned.expert_subjects))), sequence=assigned.sequence,
                  assigned_at=tx.now())
    if not tx.insert_if_absent(panels, application_id=assigned.application_id, **values):
        tx.run(_PANEL_IF_NEWER, dict(values, key_application_id=assigned.application_id,
                                     newer_than=values["sequence"]))


# -- publicity -----------------------------------------------------------------------------
def record_approved(tx, approved):
    """``award.approved``: the government approved the cycle's list (Art. 18)."""
    approved_at = approved.approved_at
    tx.insert_if_absent(approvals, cycle_id=approved.cycle_id, document_number=approved.document_number,
                        approved_at=datetime.fromisoformat(approved_at) if approved_at else None,
                        awards=len(approved.final_list), learned_at=tx.now())


_KIND = {"unit_award": "unit", "unit_nomination": "unit",
         "individual_award": "individual", "individual_nomination": "individual"}


def record_granted(tx, granted):
    """``award.granted``: the recipient now may not apply again (if its category bars)."""
    values = dict(kind=_KIND[granted.category], name=granted.recipient_name, credit_code=granted.credit_code,
                  person_key=granted.person_key, category=granted.category, cycle_id=granted.cycle_id,
                  edition=queries.edition_of(tx, granted.cycle_id), certificate_number=granted.certificate_number)
    existing = queries.past_winner_id(tx, granted.award_id)
    if existing is None:
        tx.run(past_winners.insert().values(award_id=granted.award_id, source="granted", recorded_at=tx.now(),
                                            **values))
    else:
        tx.run(past_winners.update().where(past_winners.c.id == existing).values(**values))


# -- revocation ----------------------------------------------------------------------------
def record_revoked(tx, revoked):
    """``award.revoked``: recorded beside the grant; the Art. 6 bar stays."""
    values = dict(revoked_on=date.fromisoformat(revoked.decision_date), revocation_grounds=json.dumps(revoked.grounds))
    updated = tx.run(past_winners.update().where(past_winners.c.award_id == revoked.award_id).values(**values))
    if not updated:
        tx.run(past_winners.insert().values(award_id=revoked.award_id, cycle_id=revoked.cycle_id, source="revoked",
                                            recorded_at=tx.now(), **values))
