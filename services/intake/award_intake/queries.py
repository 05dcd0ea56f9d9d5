"""Intake's queries: the reads of its tables that the workflows and the read routes share —
cycles and their rule sets, the approved tilt, the application notice, the Art. 6 registry,
applications as each role may see them (Art. 14, 25) and their documents' metadata."""
import json
from datetime import datetime

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import errors, tables
from award_shared import paging

from .domain import access, lifecycle
from .domain.districts import edition_districts
from .domain.dates import iso
from .tables import (applications, approvals, cycle_tilts, cycles, district_reviews, documents, notices, panels,
                     past_winners, review_schemes)

# the reads nearly every call makes, built once and run through the driver (tables.Prepared)
_CYCLE = tables.Prepared(sa.select(cycles).where(cycles.c.cycle_id == sa.bindparam("cycle_id")))
_TILT = tables.Prepared(sa.select(cycle_tilts).where(cycle_tilts.c.cycle_id == sa.bindparam("cycle_id")))
_NOTICE = tables.Prepared(sa.select(notices).where(notices.c.cycle_id == sa.bindparam("cycle_id")))
_RECORDS = tables.Prepared(sa.select(past_winners).where(sa.or_(past_winners.c.credit_code == sa.bindparam("identity"),
                                                         past_winners.c.person_key == sa.bindparam("identity"))))
_APPLICATION = tables.Prepared(sa.select(applications).where(
    applications.c.application_id == sa.bindparam("application_id")))
_DISTRICT_REVIEWS = tables.Prepared(sa.select(district_reviews).where(
    district_reviews.c.application_id == sa.bindparam("application_id")).order_by(district_reviews.c.id))
_DOCUMENT = tables.Prepared(sa.select(documents).where(documents.c.application_id == sa.bindparam("application_id"),
                                                documents.c.document_id == sa.bindparam("document_id")))
_STATUS = sa.select(applications.c.status).where(applications.c.application_id == sa.bindparam("application_id"))
_PANEL = tables.Prepared(sa.select(panels.c.expert_subjects).where(
    panels.c.application_id == sa.bindparam("application_id")))


# -- cycles --------------------------------------------------------------------------------
def load_cycle(tx, cycle_id):
    return tx.one_or_404(_CYCLE, f"未知的评审届次：{cycle_id}", f"unknown cycle {cycle_id}",
                         params={"cycle_id": cycle_id})


def ruleset_of(row):
    """The full rule set the cycle is bound to (stored with it, Art. 31): read-only, parsed
    once per cycle (award_rules.frozen)."""
    return parsed_ruleset(row["ruleset"])


def schedule_of(row):
    """The cycle's schedule: step → aware datetime."""
    return {step: datetime.fromisoformat(at) for step, at in json.loads(row["schedule"]).items()}


def get_cycle(tx, cycle_id, with_ruleset=False):
    row = load_cycle(tx, cycle_id)
    view = {k: row[k] for k in ("cycle_id", "edition", "ruleset_id", "ruleset_sha256", "status",
                                "opened_at", "opened_by", "closed_at")}
    view["schedule"] = json.loads(row["schedule"])
    if with_ruleset:
        view["ruleset"] = json.loads(row["ruleset"])
    return view


def list_cycles(tx):
    rows = tx.all(sa.select(cycles.c.cycle_id).order_by(cycles.c.edition))
    return [get_cycle(tx, row["cycle_id"]) for row in rows]


def previous_cycle(tx):
    """The latest cycle on record (by edition), or None."""
    return tx.first(sa.select(cycles.c.cycle_id, cycles.c.edition, cycles.c.status)
                    .order_by(cycles.c.edition.desc()).limit(1))


def edition_of(tx, cycle_id):
    """The edition of ``cycle_id``, or None if intake has no such cycle."""
    return tx.scalar(sa.select(cycles.c.edition).where(cycles.c.cycle_id == cycle_id))


def approval_of(tx, cycle_id):
    """The government's approval of the cycle's list (award.approved, Art. 18), or None."""
    return tx.first(sa.select(approvals).where(approvals.c.cycle_id == cycle_id))


# -- tilts ---------------------------------------------------------------------------------
def find_tilt(tx, cycle_id):
    row = tx.first(_TILT, {"cycle_id": cycle_id})
    if row is None:
        return None
    return tilt_view(cycle_id, row)


def tilt_view(cycle_id, row):
    """The approved tilt (Art. 11) of ``cycle_id`` as its row (``tilt``, ``decision``, ``approved_by``,
    ``approved_at``) says."""
    return {"cycle_id": cycle_id, **json.loads(row["tilt"]), "decision": row["decision"],
            "approved_by": row["approved_by"], "approved_at": iso(row["approved_at"])}


def get_tilt(tx, cycle_id):
    load_cycle(tx, cycle_id)
    tilt = find_tilt(tx, cycle_id)
    if tilt is None:
        raise errors.NotFound(f"{cycle_id} 的评审倾斜方案尚未审定", f"no approved tilt for {cycle_id} yet")
    return tilt


# -- the review scheme (Art. 7 LG(2)) -------------------------------------------------------
_SCHEMES = tables.Prepared(sa.select(review_schemes).where(
    review_schemes.c.cycle_id == sa.bindparam("cycle_id")).order_by(review_schemes.c.id))
SCHEME_COLUMNS = ("status", "scheme_sha256", "text", "proposed_by", "proposed_at", "decided_by", "decided_at",
                  "decision", "reason")


def latest_scheme(tx, cycle_id):
    """The edition's latest proposal (the one that stands), or None."""
    rows = tx.all(_SCHEMES, {"cycle_id": cycle_id})
    return rows[-1] if rows else None


def get_scheme(tx, cycle_id):
    """The scheme that stands, with every earlier proposal and its decision (rejections included)."""
    load_cycle(tx, cycle_id)
    rows = tx.all(_SCHEMES, {"cycle_id": cycle_id})
    if not rows:
        raise errors.NotFound(f"{cycle_id} 的评审方案尚未提出", f"no review scheme proposed for {cycle_id} yet")

    def view(row):
        return {"cycle_id": cycle_id, **{k: iso(row[k]) for k in SCHEME_COLUMNS}}
    return {**view(rows[-1]), "scheme": json.loads(rows[-1]["scheme"]), "history": [view(r) for r in rows[:-1]]}


def scheme_approval(tx, cycle_id):
    """What the notice says of the approved scheme: its sha256, the decision and when."""
    latest = latest_scheme(tx, cycle_id)
    if latest is None or latest["status"] != "approved":
        return None
    return {"scheme_sha256": latest["scheme_sha256"], "decision": latest["decision"],
            "approved_at": iso(latest["decided_at"])}


# -- notices -------------------------------------------------------------------------------
def find_notice(tx, cycle_id):
    return tx.first(_NOTICE, {"cycle_id": cycle_id})


def public_notice(tx, cycle_id):
    """The notice as anyone sees it: without who published it."""
    return {k: v for k, v in get_notice(tx, cycle_id).items() if k != "published_by"}


def districts_of(tx, cycle, notice=None):
    """The districts of the cycle's edition (Art. 3, 14): the notice's, else the rule set's."""
    notice = notice if notice is not None else find_notice(tx, cycle["cycle_id"])
    amended = json.loads(notice["districts"]) if notice is not None and notice["districts"] else None
    return edition_districts(ruleset_of(cycle), amended)


def get_notice(tx, cycle_id):
    cycle = load_cycle(tx, cycle_id)
    row = find_notice(tx, cycle_id)
    if row is None:
        raise errors.NotFound(f"{cycle_id} 的申报通知尚未印发", f"no application notice for {cycle_id} yet")
    return {"cycle_id": cycle_id, "text": row["text"], "deadline": row["deadline"].isoformat(),
            "recommendation_deadline": row["recommendation_deadline"].isoformat()
            if row["recommendation_deadline"] else None,
            "published_at": row["published_at"].isoformat(), "published_by": row["published_by"],
            "tilt": find_tilt(tx, cycle_id), "review_scheme": scheme_approval(tx, cycle_id),
            "districts": districts_of(tx, cycle, row)}


# -- registry ------------------------------------------------------------------------------
WINNER_COLUMNS = ("award_id", "kind", "name", "credit_code", "person_key", "category", "cycle_id", "edition",
                  "certificate_number", "source", "recorded_at", "revoked_on", "revocation_grounds")


def records_for(tx, identity):
    """Every recorded award of a credit code or person_key."""
    if not identity:
        return []
    return tx.all(_RECORDS, {"identity": identity})


def past_winner_id(tx, award_id):
    """The registry's row id of ``award_id``, or None."""
    return tx.scalar(sa.select(past_winners.c.id).where(past_winners.c.award_id == award_id))


def list_winners(tx):
    rows = tx.all(sa.select(past_winners).order_by(past_winners.c.id))
    out = []
    for row in rows:
        entry = {name: iso(row[name]) for name in WINNER_COLUMNS}
        entry["revocation_grounds"] = json.loads(row["revocation_grounds"]) if row["revocation_grounds"] else None
        out.append(entry)
    return {"past_winners": out}


# -- applications --------------------------------------------------------------------------
FORM_COLUMNS = ("kind", "name", "credit_code", "resident_id", "employer_name", "employer_credit_code",
                "district", "sector", "main_business_since", "quality_work_since", "sme")
LIST_COLUMNS = ("tilt_claims", "incidents", "declarations")


def load_application(tx, application_id):
    return tx.one_or_404(_APPLICATION, f"未知的申报：{application_id}", f"unknown application {application_id}",
                         params={"application_id": application_id})


def experts_of(tx, application_id):
    row = tx.first(_PANEL, {"application_id": application_id})
    text = row["expert_subjects"] if row is not None else None
    return json.loads(text) if text else []


def read_application(tx, application_id, call):
    """One application, for a caller who may read it (third party and supervisors: of its cycle)."""
    row = load_application(tx, application_id)
    principal = call.cycle_reader(tx, row["cycle_id"])
    if not access.can_read(principal, row, experts_of(tx, application_id)):
        raise access.deny(principal, application_id)
    return application_view(tx, row, principal, with_reviews=True)


def applications_of(tx, cycle_id, call, status=None, after=None, limit=100):
    """A page of the applications of a cycle that the caller may see, oldest first:
    ``{"applications": [...], "next": the id to ask ``after`` for the next page, or None}``.
    The page is read by the index (cycle, created, id) from where ``after`` stands, so a page
    costs the same in a cycle of 100 applications as in one of 10,000. An expert's page keeps
    those it is assigned to, and may so hold fewer than ``limit`` with a ``next`` all the same."""
    load_cycle(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    scope = access.list_scope(principal)
    query = sa.select(applications).where(applications.c.cycle_id == cycle_id)
    if scope[0] == "district":
        query = query.where(applications.c.district == scope[1])
    elif scope[0] == "applicant":
        query = query.where(applications.c.applicant_sub == scope[1])
    if status:
        query = query.where(applications.c.status == status)
    found = paging.page(tx, query, applications.c.application_id, after, limit, order=applications.c.created_at,
                        mark_scope=(applications.c.cycle_id == cycle_id,),
                        unknown=f"not an application of {cycle_id}: {after}")
    rows, following = found.rows, found.next
    if scope[0] == "expert":
        rows = [r for r in rows if access.is_assigned_expert(principal, experts_of(tx, r["application_id"]))]
    return {"applications": [application_view(tx, r, principal) for r in rows], "next": following}


def application_counts(tx, cycle_id, call):
    """How many of a cycle's applications the caller may see stand in each status, counted by the
    database (``GROUP BY`` on the index (cycle, status)) under the list's own scope: ``{"cycle_id",
    "total", "by_status": {status: n}}``. The same statements at 10,000 applications as at 100;
    an expert's count is of the applications it is assigned to (read by its panels, its load)."""
    load_cycle(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    scope = access.list_scope(principal)
    counted = {}
    if scope[0] == "expert":
        rows = tx.all(sa.select(applications.c.status, panels.c.expert_subjects)
                      .select_from(applications.join(panels, panels.c.application_id == applications.c.application_id))
                      .where(applications.c.cycle_id == cycle_id,
                             panels.c.expert_subjects.contains(json.dumps(scope[1]))))
        for row in rows:
            if access.is_assigned_expert(principal, json.loads(row["expert_subjects"] or "[]")):
                counted[row["status"]] = counted.get(row["status"], 0) + 1
    else:
        narrowed = {"district": applications.c.district, "applicant": applications.c.applicant_sub}.get(scope[0])
        counted = paging.counts(tx, applications.c.status, applications.c.cycle_id == cycle_id,
                                *(() if narrowed is None else (narrowed == scope[1],)))
    return {"cycle_id": cycle_id, "total": sum(counted.values()), "by_status": dict(sorted(counted.items()))}


def application_view(tx, row, principal, with_reviews=False, reviews=None):
    """The application as ``principal`` sees it; ``with_reviews``: its district reviews too (``reviews``:
    their rows, when the caller has them all; else they are read)."""
    out = {"application_id": row["application_id"], "cycle_id": row["cycle_id"], "status": row["status"],
           "step": lifecycle.STEP_OF[row["status"]], "applicant": row["applicant_sub"]}
    out.update({name: row[name] for name in FORM_COLUMNS})
    out["resident_id"] = access.shown_resident_id(principal, row["resident_id"])
    out["person_key"] = row["person_key"]
    out.update({name: json.loads(row[name]) for name in LIST_COLUMNS})
    for name in ("created_at", "updated_at", "submitted_at", "withdrawn_at", "withdrawal_reason",
                 "ineligible_article", "ineligible_reason"):
        out[name] = iso(row[name])
    if with_reviews:
        if reviews is None:
            reviews = tx.all(_DISTRICT_REVIEWS, {"application_id": row["application_id"]})
        out["district_reviews"] = [{k: r[k] for k in ("decision", "district", "reviewer_sub", "signatory",
                                                      "opinion", "workplace_confirmed")}
                                   | {"reviewed_at": iso(r["reviewed_at"]),
                                      "member_units": json.loads(r["member_units"] or "[]"),
                                      "tilt_confirmations": json.loads(r["tilt_confirmations"] or "[]")}
                                   for r in reviews]
    return out


def step_of(tx, subject):
    """The step an application stands at, for hold.applied; None if intake does not know it."""
    status = tx.scalar(_STATUS, {"application_id": subject})
    return lifecycle.STEP_OF.get(status) if status else None


def same_applicant(column):
    """The cycle's other live (or ineligible) application of one applicant, by ``column`` (one a
    cycle, Art. 6; read at submission under the applicant's lock: award_intake.state)."""
    return tables.Prepared(sa.select(applications.c.application_id).where(
        applications.c.cycle_id == sa.bindparam("cycle_id"), column == sa.bindparam("identity"),
        sa.or_(*(applications.c.status == status for status in lifecycle.LIVE + (lifecycle.INELIGIBLE,))),
        applications.c.application_id != sa.bindparam("application_id")))


#: a unit by its credit code, a person by the key of their resident ID
SAME_APPLICANT = {"unit": same_applicant(applications.c.credit_code),
                  "individual": same_applicant(applications.c.person_key)}


# -- documents -----------------------------------------------------------------------------
DOCUMENT_COLUMNS = ("document_id", "application_id", "kind", "filename", "media_type", "size", "sha256",
                    "relates_to", "uploaded_at", "uploaded_by")


def document_meta(row):
    return {name: iso(row[name]) for name in DOCUMENT_COLUMNS}


def readable_application(tx, application_id, call):
    row = load_application(tx, application_id)
    principal = call.cycle_reader(tx, row["cycle_id"])
    if not access.can_read_documents(principal, row, experts_of(tx, application_id)):
        if principal.roles <= {"applicant"}:
            raise access.deny(principal, application_id)  # not told that it exists
        if principal.has("district"):  # Art. 14: the preliminary review is the applicant's own district's
            raise errors.Forbidden("申报材料由申报者所在区县初审（第十四条），其他区县不得查阅",
                                   "an application's documents are reviewed by its own district (Art. 14); "
                                   "no other district reads them", article="Art. 14", code="not_own_district")
        raise errors.Forbidden(  # the suite's access design (docs/design.md), not Art. 25's: no article
            "按本评审系统的规则，申报材料仅限申报者、所在区县初审机构、市质量强市领导小组办公室、第三方机构及指派的评审专家查阅",
            "under this suite's rules only the applicant, its own district's coordinators, the office, the third "
            "party and the assigned experts read an application's documents", code="not_a_document_reader")
    return row


def document_row(tx, application_id, document_id):
    return tx.one_or_404(_DOCUMENT, f"未知的申报材料：{document_id}", f"unknown document {document_id}",
                         params={"application_id": application_id, "document_id": document_id})


def list_documents(tx, application_id, call):
    readable_application(tx, application_id, call)
    rows = tx.all(sa.select(documents).where(documents.c.application_id == application_id)
                  .order_by(documents.c.uploaded_at, documents.c.document_id))
    return {"documents": [document_meta(r) for r in rows]}
