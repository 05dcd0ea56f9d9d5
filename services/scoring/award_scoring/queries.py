"""Scoring's queries: the reads of its tables that the workflows and the read routes share, as
plain dicts (JSON columns parsed). Every SELECT of the service is here; the workflows write."""
import json

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import cycles, holds, paging, tables

from .domain import replica
from .tables import (agencies, applications, approvals, assignments, candidate_lists, cycle_tilts,
                     disqualifications, experts, guidance, opinions, result_reports, reviews, stage_results,
                     stages, supervision_groups, work_plans)

JSON_COLUMNS = {"tilt_claims", "tilt_district_confirmed", "recommendation", "staff_subjects", "former_employer_credit_codes",
                "sectors", "declared_conflicts", "scores", "conditions", "detail", "body"}


# the reads every score sheet makes, built once and run through the driver (tables.Prepared)
_BY_ID = sa.select(applications).where(applications.c.application_id == sa.bindparam("application_id"))
_APPLICATION = tables.Prepared(_BY_ID)
_APPLICATION_LOCKED = tables.Prepared(_BY_ID.with_for_update())
_SEATS = tables.Prepared(sa.select(assignments).where(assignments.c.application_id == sa.bindparam("application_id"))
                         .order_by(assignments.c.id))
_STAGE_STATUSES = tables.Prepared(sa.select(stages.c.stage, stages.c.status)
                                  .where(stages.c.cycle_id == sa.bindparam("cycle_id")))
_REVIEWS = tables.Prepared(sa.select(reviews).where(reviews.c.application_id == sa.bindparam("application_id"))
                           .order_by(reviews.c.recorded_at, reviews.c.review_id))
_REVIEWS_AT = tables.Prepared(sa.select(reviews).where(reviews.c.application_id == sa.bindparam("application_id"),
                                                       reviews.c.stage == sa.bindparam("stage"))
                              .order_by(reviews.c.recorded_at, reviews.c.review_id))
_TILT = sa.select(cycle_tilts.c.tilt).where(cycle_tilts.c.cycle_id == sa.bindparam("cycle_id"))
_AGENCY = tables.Prepared(sa.select(agencies).where(agencies.c.cycle_id == sa.bindparam("cycle_id")))
_DISQUALIFIED = sa.select(disqualifications.c.subject).where(disqualifications.c.cycle_id == sa.bindparam("cycle_id"))
_RESULTS = tables.Prepared(sa.select(stage_results)
                           .where(stage_results.c.application_id == sa.bindparam("application_id")))


def _tagged(kind, table, where, ord_=None, a=None, b=None, c=None):
    """One part of :data:`_SHEET_STATE`: rows of ``table`` as (kind, ord, a, b, c)."""
    def text(column):
        return sa.cast(column, sa.Text) if column is not None else sa.cast(sa.null(), sa.Text)
    return sa.select(sa.literal_column(f"'{kind}'", sa.Text).label("kind"),
                     (ord_ if ord_ is not None else sa.cast(sa.null(), ord_type)).label("ord"),
                     text(a).label("a"), text(b).label("b"), text(c).label("c")).where(*where)


ord_type = reviews.c.recorded_at.type
_APP, _CYCLE_ID, _STEP = sa.bindparam("application_id"), sa.bindparam("cycle_id"), sa.bindparam("stage")
# What a score sheet checks, in ONE statement (one round trip, not six): the cycle's rule set, the
# application's panel, the cycle's stage statuses, the application's results, its sheets at the stage
# and who is disqualified from which cycle (Art. 27's write refusal, which the kit would otherwise ask
# in a statement of its own)
_SHEET_STATE = tables.Prepared(sa.union_all(
    _tagged("review", reviews, (reviews.c.application_id == _APP, reviews.c.stage == _STEP), reviews.c.recorded_at,
            reviews.c.review_id, reviews.c.reviewer, reviews.c.supersedes),
    _tagged("seat", assignments, (assignments.c.application_id == _APP,), None, assignments.c.expert_subject,
            assignments.c.status),
    _tagged("stage", stages, (stages.c.cycle_id == _CYCLE_ID,), None, stages.c.stage, stages.c.status),
    _tagged("result", stage_results, (stage_results.c.application_id == _APP,), None, stage_results.c.stage,
            stage_results.c.status, stage_results.c.outcome),
    _tagged("cycle", cycles.known_cycles, (cycles.known_cycles.c.cycle_id == _CYCLE_ID,), None,
            cycles.known_cycles.c.ruleset),
    _tagged("disqualified", cycles.cycle_rosters, (cycles.cycle_rosters.c.role == cycles.DISQUALIFIED,), None,
            cycles.cycle_rosters.c.cycle_id, cycles.cycle_rosters.c.status, cycles.cycle_rosters.c.subjects),
).order_by(sa.literal_column("kind"), sa.literal_column("ord"), sa.literal_column("a")))


def _plain(row):
    out = dict(row)
    for key in JSON_COLUMNS & out.keys():
        if isinstance(out[key], str):
            out[key] = json.loads(out[key])
    return out


def dumps(value):
    return json.dumps(value, ensure_ascii=False, default=str)


# -- the cycle, its rule set and its tilt ------------------------------------------------------

def ruleset(tx, cycle_id):
    """The cycle's rule set, as cycle.opened carried it (never read from a file); read-only,
    parsed once per cycle (award_rules.frozen)."""
    return parsed_ruleset(cycles.load_cycle(tx.session, cycle_id)["ruleset"])


def ruleset_sha256(tx, cycle_id):
    """The sha256 of the rule set the cycle is bound to (its review scheme), as cycle.opened carried it."""
    return cycles.load_cycle(tx.session, cycle_id)["ruleset_sha256"]


def tilt(tx, cycle_id, ruleset_=None):
    """The cycle's Art. 11 tilt as notice.published carried it; the rule set's until then."""
    text = tx.scalar(_TILT, {"cycle_id": cycle_id})
    if text is not None:
        return json.loads(text)
    return dict((ruleset_ or ruleset(tx, cycle_id)).get("tilt") or {}, decision=None)


def supervised(tx, cycle_id):
    """Has the cycle's supervision group been appointed (Art. 15)?"""
    return tx.first(sa.select(supervision_groups.c.cycle_id)
                    .where(supervision_groups.c.cycle_id == cycle_id)) is not None


def active_holds(tx, cycle_id):
    return holds.active(tx.session, cycle_id)


def held(hold_rows, step, subject):
    """Does an active hold forbid completing ``step`` for ``subject``? (docs/design.md, "Holds")."""
    return holds.held(hold_rows, step, subject) is not None


# -- applications ------------------------------------------------------------------------------

def application(tx, application_id, lock=False):
    return _plain(tx.one_or_404(_APPLICATION_LOCKED if lock else _APPLICATION,
                                f"未知的申报：{application_id}", f"unknown application {application_id}",
                                params={"application_id": application_id}))


def find_application(tx, application_id):
    """The application as stored, or None if scoring has not heard of it."""
    return tx.first(_APPLICATION, {"application_id": application_id})


def applications_of(tx, cycle_id):
    rows = tx.all(sa.select(applications).where(applications.c.cycle_id == cycle_id)
                  .order_by(applications.c.application_id))
    return [_plain(r) for r in rows]


def _status_column():
    """``replica.status`` of a row as SQL: where the application stands for scoring (the same
    order of tests: withdrawn, ineligible, awaiting submission, recommended, else submitted)."""
    a = applications.c
    return sa.case((a.withdrawn_at.is_not(None), replica.WITHDRAWN),
                   (a.ineligible_article.is_not(None), replica.INELIGIBLE),
                   (a.submitted_sequence.is_(None), replica.AWAITING_SUBMISSION),
                   (a.recommended_at.is_not(None), replica.RECOMMENDED),
                   else_=replica.SUBMITTED)


def _no_stage_result():
    """No stage result recorded for the application yet (its review not started): by the key of
    ``stage_results`` (application, stage), one probe a row."""
    return ~sa.exists().where(stage_results.c.application_id == applications.c.application_id)


def _no_opinion():
    """No supervision opinion on the application yet (Art. 16), by ``ix_opinions_application``."""
    return ~sa.exists().where(opinions.c.application_id == applications.c.application_id)


def application_counts(tx, cycle_id):
    """``({status: n}, unstarted, without_opinion)`` of the cycle's applications: the last two of
    the recommended ones, those with no stage result yet and those without a supervision opinion.
    Two statements (a ``GROUP BY`` and one of two counts) on the index (cycle, id), whatever the size."""
    counted = paging.counts(tx, _status_column(), applications.c.cycle_id == cycle_id)
    recommended = sa.and_(applications.c.cycle_id == cycle_id, _status_column() == replica.RECOMMENDED)
    row = tx.first(sa.select(
        sa.func.sum(sa.case((_no_stage_result(), 1), else_=0)).label("unstarted"),
        sa.func.sum(sa.case((_no_opinion(), 1), else_=0)).label("without_opinion")).select_from(applications)
        .where(recommended))
    return counted, int(row["unstarted"] or 0), int(row["without_opinion"] or 0)


def applications_page(tx, cycle_id, after, limit, status=None, unstarted=None, with_opinion=None):
    """A page of the cycle's applications by id, read by the index (cycle, id) from ``after``
    (an application of the cycle, else 422 naming ``after``): ``(rows, next)``; ``status``: only
    those standing there; ``unstarted``: only those without (True) or with (False) a stage result;
    ``with_opinion``: only those with (True) or without (False) a supervision opinion."""
    query = sa.select(applications).where(applications.c.cycle_id == cycle_id)
    if status:
        query = query.where(_status_column() == status)
    if unstarted is not None:
        query = query.where(_no_stage_result() if unstarted else ~_no_stage_result())
    if with_opinion is not None:
        query = query.where(~_no_opinion() if with_opinion else _no_opinion())
    found = paging.page(tx, query,
                        applications.c.application_id, after, limit,
                        mark_scope=(applications.c.cycle_id == cycle_id,),
                        unknown=f"not an application of {cycle_id}: {after}")
    return [_plain(r) for r in found.rows], found.next


def results_for(tx, application_ids):
    """``results_of`` of each of ``application_ids``, in one statement: {id: {stage: result}}."""
    found = {}
    if application_ids:
        for row in tx.all(sa.select(stage_results).where(stage_results.c.application_id.in_(application_ids))):
            found.setdefault(row["application_id"], {})[row["stage"]] = _plain(row)
    return found


def opinions_of(tx, cycle_id):
    """The supervision group's opinions (Art. 16): application id -> opinions, oldest first."""
    said = {}
    for row in tx.all(sa.select(opinions).where(opinions.c.cycle_id == cycle_id).order_by(opinions.c.received_at)):
        said.setdefault(row["application_id"], []).append(row["opinion"])
    return said


# -- the agency and its experts ----------------------------------------------------------------

def agency(tx, cycle_id):
    """The cycle's third party once the leading group entrusted it (Art. 7 LG(3)); None before."""
    found = agency_record(tx, cycle_id)
    return found if found is not None and found["status"] == "appointed" else None


def agency_record(tx, cycle_id):
    """The cycle's third party, proposed or entrusted."""
    row = tx.first(_AGENCY, {"cycle_id": cycle_id})
    return _plain(row) if row is not None else None


def experts_of(tx, cycle_id):
    rows = tx.all(sa.select(experts).where(experts.c.cycle_id == cycle_id).order_by(experts.c.subject))
    return [_plain(r) for r in rows]


def experts_page(tx, cycle_id, after, limit):
    """A page of the cycle's experts by subject, read by the key (cycle, subject) from ``after``
    (an expert of the cycle, else 422 naming ``after``): ``(rows, next)``."""
    found = paging.page(tx, sa.select(experts).where(experts.c.cycle_id == cycle_id), experts.c.subject, after,
                        limit, mark_scope=(experts.c.cycle_id == cycle_id,),
                        unknown=f"not an expert of {cycle_id}: {after}")
    return [_plain(r) for r in found.rows], found.next


def expert_registered(tx, cycle_id, subject):
    return tx.scalar(sa.select(experts.c.subject).where(
        experts.c.cycle_id == cycle_id, experts.c.subject == subject)) is not None


def disqualified(tx, cycle_id):
    return {r["subject"] for r in tx.all(_DISQUALIFIED, {"cycle_id": cycle_id})}


# -- panels ------------------------------------------------------------------------------------

def seats(tx, application_id):
    return tx.all(_SEATS, {"application_id": application_id})


def panel(tx, application_id):
    return [s["expert_subject"] for s in seats(tx, application_id) if s["status"] == "active"]


def left_panel(tx, application_id):
    return {s["expert_subject"] for s in seats(tx, application_id) if s["status"] in ("recused", "disqualified")}


def seats_of_expert(tx, subject):
    """Every seat an expert has held, across cycles, oldest first."""
    return tx.all(sa.select(assignments).where(assignments.c.expert_subject == subject).order_by(assignments.c.id))


def active_seats_in(tx, cycle_id, subject):
    """The applications on whose panel ``subject`` sits in the cycle."""
    rows = tx.all(sa.select(assignments.c.application_id).where(
        assignments.c.cycle_id == cycle_id, assignments.c.expert_subject == subject,
        assignments.c.status == "active").order_by(assignments.c.application_id))
    return [r["application_id"] for r in rows]


def loads(tx, cycle_id, subjects=None):
    """{expert: active seats} in the cycle (``subjects``: of those experts alone, e.g. a page's)."""
    query = (sa.select(assignments.c.expert_subject, sa.func.count().label("seats"))
             .where(assignments.c.cycle_id == cycle_id, assignments.c.status == "active"))
    if subjects is not None:
        if not subjects:
            return {}
        query = query.where(assignments.c.expert_subject.in_(subjects))
    return {r["expert_subject"]: r["seats"] for r in tx.all(query.group_by(assignments.c.expert_subject))}


# -- stages, reviews and results ---------------------------------------------------------------

def stage_statuses(tx, cycle_id):
    return {r["stage"]: r["status"] for r in tx.all(_STAGE_STATUSES, {"cycle_id": cycle_id})}


def stage_rows(tx, cycle_id):
    """The cycle's opened stages: step -> its row."""
    return {r["stage"]: r for r in tx.all(stages.select().where(stages.c.cycle_id == cycle_id))}


def reviews_of(tx, application_id, stage=None):
    if stage is None:
        rows = tx.all(_REVIEWS, {"application_id": application_id})
    else:
        rows = tx.all(_REVIEWS_AT, {"application_id": application_id, "stage": stage})
    return [_plain(r) for r in rows]


def sheet_state(tx, app, step):
    """What recording a score sheet at ``step`` reads, in one statement (:data:`_SHEET_STATE`):
    ``{"ruleset", "panel", "stage_statuses", "results", "reviews"}`` as :func:`ruleset`,
    :func:`panel`, :func:`stage_statuses`, :func:`results_of` (status and outcome) and
    :func:`reviews_of` (id, reviewer, what it supersedes; oldest first) would answer, and
    ``"disqualified"``: the cycles' Art. 27 roster rows (cycle, status, subjects)."""
    state = {"ruleset": None, "panel": [], "stage_statuses": {}, "results": {}, "reviews": [], "disqualified": []}
    for row in tx.all(_SHEET_STATE, {"application_id": app["application_id"], "cycle_id": app["cycle_id"],
                                     "stage": step}):
        kind, a, b = row["kind"], row["a"], row["b"]
        if kind == "review":
            state["reviews"].append({"review_id": a, "reviewer": b, "supersedes": row["c"]})
        elif kind == "seat":
            if b == "active":
                state["panel"].append(a)
        elif kind == "stage":
            state["stage_statuses"][a] = b
        elif kind == "result":
            state["results"][a] = {"stage": a, "status": b, "outcome": row["c"]}
        elif kind == "disqualified":
            state["disqualified"].append((a, b, row["c"]))
        else:
            state["ruleset"] = parsed_ruleset(a)
    if state["ruleset"] is None:
        state["ruleset"] = ruleset(tx, app["cycle_id"])  # unknown cycle: its 404
    return state


def results_of(tx, application_id):
    rows = tx.all(_RESULTS, {"application_id": application_id})
    return {r["stage"]: _plain(r) for r in rows}


class CycleReviews:
    """A closing stage's reads, set-based: the cycle's results, and its sheets at ``steps`` and
    panels, each read with ONE statement for the whole cycle rather than per application (at
    10,000 applications, three statements instead of tens of thousands). What
    :func:`results_of`, :func:`reviews_of` and :func:`panel` answer, per application."""

    def __init__(self, tx, cycle_id, steps):
        self.results, self.sheets, self.panels = {}, {}, {}
        for row in tx.all(sa.select(stage_results).where(stage_results.c.cycle_id == cycle_id)):
            self.results.setdefault(row["application_id"], {})[row["stage"]] = _plain(row)
        for row in tx.all(sa.select(reviews).where(reviews.c.cycle_id == cycle_id, reviews.c.stage.in_(list(steps)))
                          .order_by(reviews.c.recorded_at, reviews.c.review_id)):
            self.sheets.setdefault((row["application_id"], row["stage"]), []).append(_plain(row))
        for row in tx.all(sa.select(assignments.c.application_id, assignments.c.expert_subject)
                          .where(assignments.c.cycle_id == cycle_id, assignments.c.status == "active")
                          .order_by(assignments.c.id)):
            self.panels.setdefault(row["application_id"], []).append(row["expert_subject"])

    def results_of(self, application_id):
        return self.results.get(application_id, {})

    def reviews_of(self, application_id, step):
        return self.sheets.get((application_id, step), [])

    def panel(self, application_id):
        return self.panels.get(application_id, [])


def applications_with_result(tx, cycle_id, status):
    """The ids of the cycle's applications with a stage result in ``status``."""
    return {r["application_id"] for r in tx.all(
        sa.select(stage_results.c.application_id).where(stage_results.c.cycle_id == cycle_id,
                                                        stage_results.c.status == status))}


# -- the candidate list ------------------------------------------------------------------------

def latest_list(tx, cycle_id):
    return tx.first(sa.select(candidate_lists).where(candidate_lists.c.cycle_id == cycle_id)
                    .order_by(candidate_lists.c.id.desc()).limit(1))


def lists_of(tx, cycle_id):
    """Every candidate list of the cycle, newest first."""
    return tx.all(sa.select(candidate_lists).where(candidate_lists.c.cycle_id == cycle_id)
                  .order_by(candidate_lists.c.id.desc()))


def approval(tx, cycle_id):
    """The city government's approval of the cycle's list (Art. 18), or None."""
    return tx.first(sa.select(approvals).where(approvals.c.cycle_id == cycle_id))


# -- the agency's work plan and the office's guidance (Art. 8(1), 15) -----------------------------

def work_plans_of(tx, cycle_id, lock=False):
    """Every version of the cycle's work plan, newest first."""
    query = sa.select(work_plans).where(work_plans.c.cycle_id == cycle_id).order_by(work_plans.c.version.desc())
    return tx.all(query.with_for_update() if lock else query)


def guidance_of(tx, cycle_id):
    """The office's guidance to the cycle's agency, oldest first."""
    return tx.all(sa.select(guidance).where(guidance.c.cycle_id == cycle_id)
                  .order_by(guidance.c.issued_at, guidance.c.guidance_id))


def one_guidance(tx, cycle_id, guidance_id, lock=False):
    return tx.one_or_404(sa.select(guidance).where(guidance.c.cycle_id == cycle_id,
                                                   guidance.c.guidance_id == guidance_id),
                         f"未找到本届的指导意见：{guidance_id}", f"no guidance {guidance_id} in {cycle_id}", lock=lock)


# -- the agency's report of the results (Art. 8(3)) -----------------------------------------------

def reports_of(tx, cycle_id, lock=False):
    """Every report of the cycle's review results, newest first."""
    query = (sa.select(result_reports).where(result_reports.c.cycle_id == cycle_id)
             .order_by(result_reports.c.version.desc()))
    return [_plain(r) | {"snapshot": json.loads(r["snapshot"])} for r in tx.all(query.with_for_update() if lock
                                                                                else query)]
