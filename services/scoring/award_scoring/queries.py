"""Scoring's queries: the reads of its tables that the workflows and the read routes share, as
plain dicts (JSON columns parsed)."""
import json

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import holds
from award_shared.cycles import load_cycle
from award_shared.store.prepared import Prepared
from award_shared.store.rows import one_or_404

from .tables import agencies, applications, cycle_tilts, assignments, disqualifications, experts, reviews, stage_results, stages

JSON_COLUMNS = {"tilt_claims", "tilt_district_confirmed", "recommendation", "staff_subjects", "former_employer_credit_codes",
                "sectors", "declared_conflicts", "scores", "conditions", "detail", "body"}


# the reads every score sheet makes, built once and run through the driver (award_shared.store.prepared)
_BY_ID = sa.select(applications).where(applications.c.application_id == sa.bindparam("application_id"))
_APPLICATION = Prepared(_BY_ID)
_APPLICATION_LOCKED = Prepared(_BY_ID.with_for_update())
_SEATS = Prepared(sa.select(assignments).where(assignments.c.application_id == sa.bindparam("application_id"))
                  .order_by(assignments.c.id))
_STAGE_STATUSES = Prepared(sa.select(stages.c.stage, stages.c.status)
                           .where(stages.c.cycle_id == sa.bindparam("cycle_id")))
_REVIEWS = Prepared(sa.select(reviews).where(reviews.c.application_id == sa.bindparam("application_id"))
                    .order_by(reviews.c.recorded_at, reviews.c.review_id))
_REVIEWS_AT = Prepared(sa.select(reviews).where(reviews.c.application_id == sa.bindparam("application_id"),
                                                reviews.c.stage == sa.bindparam("stage"))
                       .order_by(reviews.c.recorded_at, reviews.c.review_id))
_TILT = sa.select(cycle_tilts.c.tilt).where(cycle_tilts.c.cycle_id == sa.bindparam("cycle_id"))
_AGENCY = Prepared(sa.select(agencies).where(agencies.c.cycle_id == sa.bindparam("cycle_id")))
_DISQUALIFIED = sa.select(disqualifications.c.subject).where(disqualifications.c.cycle_id == sa.bindparam("cycle_id"))
_RESULTS = Prepared(sa.select(stage_results).where(stage_results.c.application_id == sa.bindparam("application_id")))


def _plain(row):
    out = dict(row)
    for key in JSON_COLUMNS & out.keys():
        if isinstance(out[key], str):
            out[key] = json.loads(out[key])
    return out


def dumps(value):
    return json.dumps(value, ensure_ascii=False, default=str)


def ruleset(tx, cycle_id):
    """The cycle's rule set, as cycle.opened carried it (never read from a file); read-only,
    parsed once per cycle (award_rules.frozen)."""
    return parsed_ruleset(load_cycle(tx.session, cycle_id)["ruleset"])


def tilt(tx, cycle_id, ruleset_=None):
    """The cycle's Art. 11 tilt as notice.published carried it; the rule set's until then."""
    text = tx.session.execute(_TILT, {"cycle_id": cycle_id}).scalar()
    if text is not None:
        return json.loads(text)
    return dict((ruleset_ or ruleset(tx, cycle_id)).get("tilt") or {}, decision=None)


def application(tx, application_id, lock=False):
    return _plain(one_or_404(tx.session, _APPLICATION_LOCKED if lock else _APPLICATION,
                             f"未知的申报：{application_id}", f"unknown application {application_id}",
                             params={"application_id": application_id}))


def applications_of(tx, cycle_id):
    rows = tx.session.execute(sa.select(applications).where(applications.c.cycle_id == cycle_id)
                              .order_by(applications.c.application_id)).mappings().all()
    return [_plain(r) for r in rows]


def agency(tx, cycle_id):
    """The cycle's third party once the leading group entrusted it (Art. 7 LG(3)); None before."""
    found = agency_record(tx, cycle_id)
    return found if found is not None and found["status"] == "appointed" else None


def agency_record(tx, cycle_id):
    """The cycle's third party, proposed or entrusted."""
    row = _AGENCY.first(tx.session, {"cycle_id": cycle_id})
    return _plain(row) if row is not None else None


def experts_of(tx, cycle_id):
    rows = tx.session.execute(sa.select(experts).where(experts.c.cycle_id == cycle_id)
                              .order_by(experts.c.subject)).mappings().all()
    return [_plain(r) for r in rows]


def disqualified(tx, cycle_id):
    return set(tx.session.execute(_DISQUALIFIED, {"cycle_id": cycle_id}).scalars())


def seats(tx, application_id):
    return _SEATS.all(tx.session, {"application_id": application_id})


def panel(tx, application_id):
    return [s["expert_subject"] for s in seats(tx, application_id) if s["status"] == "active"]


def left_panel(tx, application_id):
    return {s["expert_subject"] for s in seats(tx, application_id) if s["status"] in ("recused", "disqualified")}


def loads(tx, cycle_id):
    rows = tx.session.execute(
        sa.select(assignments.c.expert_subject, sa.func.count())
        .where(assignments.c.cycle_id == cycle_id, assignments.c.status == "active")
        .group_by(assignments.c.expert_subject)).all()
    return dict(rows)


def stage_statuses(tx, cycle_id):
    return {r["stage"]: r["status"] for r in _STAGE_STATUSES.all(tx.session, {"cycle_id": cycle_id})}


def reviews_of(tx, application_id, stage=None):
    if stage is None:
        rows = _REVIEWS.all(tx.session, {"application_id": application_id})
    else:
        rows = _REVIEWS_AT.all(tx.session, {"application_id": application_id, "stage": stage})
    return [_plain(r) for r in rows]


def results_of(tx, application_id):
    rows = _RESULTS.all(tx.session, {"application_id": application_id})
    return {r["stage"]: _plain(r) for r in rows}


def active_holds(tx, cycle_id):
    return holds.active(tx.session, cycle_id)


def held(hold_rows, step, subject):
    """Does an active hold forbid completing ``step`` for ``subject``? (docs/design.md, "Holds")."""
    return holds.held(hold_rows, step, subject) is not None
