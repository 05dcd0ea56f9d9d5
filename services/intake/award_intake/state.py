"""What a submission (Art. 6, 10, 12, 13, 14), a district's review (Art. 14), a document's upload
(Art. 13, 14) and a new draft (Art. 3, 6, 11, 13) read, each in ONE statement (one round trip, where it took five or six): the application
joined with its cycle and notice, and the rows of other tables it is judged by as JSON columns
(:mod:`award_shared.store.json_rows`). The rules read the same values as before; only the
statements are fewer (issue 37).

The holds and the applicant's other application are read in a statement of their own, after
the locks that make those reads safe are taken (:mod:`award_shared.holds`; the submission's
applicant lock): under PostgreSQL's READ COMMITTED a statement sees what was committed when it
began, so a read folded into the statement that takes a lock could miss a commit it waited for.
"""
import sqlalchemy as sa

from award_shared import cycles, holds, tables

from . import queries
from .tables import (applications as a, cycle_tilts as t, cycles as c, district_reviews, documents as d, notices as n,
                     past_winners as w)

_APPLICATION_ID = sa.bindparam("application_id")
_CYCLE = {f"cycle_{name}": c.c[name] for name in ("cycle_id", "status", "ruleset")}
_NOTICE = {f"notice_{name}": n.c[name] for name in ("cycle_id", "deadline", "recommendation_deadline")}
json_rows = tables.json_rows
_IDENTITY = sa.func.coalesce(a.c.credit_code, a.c.person_key)  # a unit by its credit code, a person by person_key


def _one_application(*columns):
    return tables.Prepared(
        sa.select(a, *(column.label(name) for name, column in {**_CYCLE, **_NOTICE}.items()), *columns)
        .select_from(a.outerjoin(c, c.c.cycle_id == a.c.cycle_id).outerjoin(n, n.c.cycle_id == a.c.cycle_id))
        .where(a.c.application_id == _APPLICATION_ID))


def _records_of(identity):
    """The past awards of ``identity`` (a credit code or person_key) as one JSON column (Art. 6)."""
    return json_rows.rows_of(json_rows.JsonObject(w.c.award_id, w.c.category, w.c.edition, w.c.revoked_on),
                             sa.or_(w.c.credit_code == identity, w.c.person_key == identity)).label("records")


#: the application, its cycle (Art. 13: open; Art. 31: its rule set) and notice (Art. 13, 14: the
#: deadline), its documents' kinds and what its evidence relates to (Art. 14) and the past awards of
#: its applicant (Art. 6)
_SUBMISSION = _one_application(
    json_rows.rows_of(json_rows.JsonArray(d.c.kind, d.c.relates_to), d.c.application_id == a.c.application_id).label("documents"),
    _records_of(_IDENTITY))

#: the application, its cycle (Art. 13: open) and notice (Art. 13, 14: the deadline): what a
#: document's upload is judged by
_UPLOAD = _one_application()

_TILT = {f"tilt_{name}": t.c[name] for name in ("cycle_id", "tilt", "decision", "approved_by", "approved_at")}
#: a cycle (Art. 13: open; Art. 31: its rule set), its notice (Art. 13: the deadline; Art. 3, 14: the
#: edition's districts), its approved tilt (Art. 11) and the past awards of the new draft's
#: applicant (Art. 6)
_DRAFT = tables.Prepared(
    sa.select(c, *(column.label(name) for name, column in {**_NOTICE, "notice_districts": n.c.districts,
                                                            **_TILT}.items()),
              _records_of(sa.bindparam("identity", type_=a.c.credit_code.type)))
    .select_from(c.outerjoin(n, n.c.cycle_id == c.c.cycle_id).outerjoin(t, t.c.cycle_id == c.c.cycle_id))
    .where(c.c.cycle_id == sa.bindparam("cycle_id")))

#: Art. 27's rows: who is disqualified from which cycle (the kit's write refusal, asked by the route)
_ROSTER = cycles.cycle_rosters.c
_DISQUALIFIED = json_rows.rows_of(json_rows.JsonArray(_ROSTER.cycle_id, _ROSTER.status, _ROSTER.subjects), _ROSTER.role == cycles.DISQUALIFIED)
_DISQUALIFIED_ALONE = tables.Prepared(sa.select(_DISQUALIFIED.label("disqualified")))

#: the application, its notice (Art. 14: the recommendation deadline), how many reviews it had and
#: Art. 27's rows
_REVIEW = _one_application(
    sa.select(sa.func.count()).where(district_reviews.c.application_id == a.c.application_id)
    .scalar_subquery().label("reviews_before"),
    _DISQUALIFIED.label("disqualified"))

_OTHER_APPLICATION = {kind: query.statement.limit(1).scalar_subquery() for kind, query in queries.SAME_APPLICANT.items()}
#: after the locks: the cycle's active holds, and the applicant's other application in it (Art. 6: one a cycle)
_AFTER_LOCKS = {kind: tables.Prepared(sa.select(holds.active_json(sa.bindparam("cycle_id")).label("holds"),
                                                other.label("other")))
                for kind, other in _OTHER_APPLICATION.items()}
_HOLDS = tables.Prepared(sa.select(holds.active_json(sa.bindparam("cycle_id")).label("holds")))


class Found:
    """One application as a workflow reads it: ``row`` (the application's columns), ``cycle``
    and ``notice`` (None where there is none), and the route's JSON columns, parsed."""

    def __init__(self, found):
        self.row = {name: found[name] for name in a.c.keys()}
        self.cycle = {name: found[f"cycle_{name}"] for name in ("cycle_id", "status", "ruleset")}
        self.notice = ({name: found[f"notice_{name}"] for name in ("cycle_id", "deadline", "recommendation_deadline")}
                       if found["notice_cycle_id"] is not None else None)
        self.extra = found


def _found(tx, statement, application_id):
    found = tx.first(statement, {"application_id": application_id})
    return Found(found) if found is not None else None


def for_submission(tx, application_id):
    """The application with what its submission is judged by; 404 if there is none (its cycle
    too, as ``queries.load_cycle`` says)."""
    found = _found(tx, _SUBMISSION, application_id)
    if found is None:
        queries.load_application(tx, application_id)  # the 404, as every route words it
    if found.cycle["cycle_id"] is None:
        queries.load_cycle(tx, found.row["cycle_id"])
    found.kinds = {kind for kind, _ in json_rows.loads(found.extra["documents"])}
    found.evidence = {relates_to for kind, relates_to in json_rows.loads(found.extra["documents"]) if kind == "evidence"}
    found.records = json_rows.loads(found.extra["records"])
    return found


def for_upload(tx, application_id):
    """The application with what a document's upload reads; 404 if there is none. Its cycle's
    404 is :func:`require_cycle`'s, asked where the upload always asked it."""
    found = _found(tx, _UPLOAD, application_id)
    if found is None:
        queries.load_application(tx, application_id)  # the 404, as every route words it
    return found


def require_cycle(tx, found):
    """The cycle ``found`` read (404 as ``queries.load_cycle`` words it, where there is none)."""
    if found.cycle["cycle_id"] is None:
        queries.load_cycle(tx, found.row["cycle_id"])
    return found.cycle


class Draft:
    """What a new draft is judged by: ``cycle`` (its row), ``notice`` (None where there is none;
    its ``districts`` as stored), ``tilt`` (as ``queries.find_tilt`` answers it) and ``records``
    (the applicant's past awards)."""

    def __init__(self, found, identity):
        self.cycle = {name: found[name] for name in c.c.keys()}
        self.notice = ({name: found[f"notice_{name}"] for name in ("cycle_id", "deadline", "recommendation_deadline",
                                                                     "districts")}
                       if found["notice_cycle_id"] is not None else None)
        self.tilt = (queries.tilt_view(found["tilt_cycle_id"], {name: found[f"tilt_{name}"] for name in
                                                                 ("tilt", "decision", "approved_by", "approved_at")})
                     if found["tilt_cycle_id"] is not None else None)
        self.records = json_rows.loads(found["records"]) if identity else []


def for_draft(tx, cycle_id, identity):
    """The cycle with what a new draft of ``identity`` in it is judged by; 404 if there is none."""
    found = tx.first(_DRAFT, {"cycle_id": cycle_id, "identity": identity})
    if found is None:
        queries.load_cycle(tx, cycle_id)  # the 404, as every route words it
    return Draft(found, identity)


def for_review(tx, application_id):
    """The application with what a district's review reads (Art. 27's rows among them), or None."""
    found = _found(tx, _REVIEW, application_id)
    if found is not None:
        found.disqualified = json_rows.loads(found.extra["disqualified"])
    return found


def disqualified(tx):
    """Art. 27's rows alone (for a review of an application that does not exist: refused first, as
    every write is, by one disqualified)."""
    return json_rows.loads(tx.first(_DISQUALIFIED_ALONE)["disqualified"])


def after_locks(tx, row, identity):
    """Once the locks are held: the cycle's active holds, and the applicant's other live (or
    ineligible) application in the cycle (its id, or None)."""
    found = tx.first(_AFTER_LOCKS["unit" if row["kind"] == "unit" else "individual"], {
        "cycle_id": row["cycle_id"], "identity": identity, "application_id": row["application_id"]})
    return json_rows.loads(found["holds"]), found["other"]


def active_holds(tx, cycle_id):
    """Once the locks are held: the cycle's active holds."""
    return json_rows.loads(tx.first(_HOLDS, {"cycle_id": cycle_id})["holds"])


def moved(row, status, now, **values):
    """The application's row as :func:`award_intake.applications.move` leaves it (no read back)."""
    return dict(row, **values, status=status, updated_at=now)

