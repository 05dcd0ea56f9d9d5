"""Who reads a cycle's data: one rule for the roles that belong to one cycle, in every service
(docs/contract.md, "Auth": access by cycle and by role).

Two roles are appointed per cycle (届) and read only that cycle's data:

- ``third_party``: the staff of the agency the leading group entrusted for the cycle
  (``agency.appointed``, Art. 7 LG(3), 8), from the appointment until the cycle closes;
- ``supervisor``: the members of the cycle's supervision group (``supervision.group_appointed``,
  Art. 9), from the appointment until the group is dissolved with the cycle — afterwards not
  at all (the group's records stay with the supervision service, for the leading group).

And anyone disqualified from a cycle (``staff.disqualified``, Art. 27), whatever the role, reads
nothing of that cycle any more. Everyone else is held by the route's roles and the record's own
rules (an applicant its own application, a district its own, an expert what it is assigned).

Every service keeps its own roster, fed by those events (:class:`award_shared.cycles.CycleRosters`,
mixed into :class:`award_shared.service.KitService`), and a route that returns a cycle's data asks the rule
through its call: ``principal = call.cycle_reader(tx, cycle_id)`` (the caller's roles narrowed to
those it holds *for this cycle*, or 403) or ``call.readable_cycles(tx)`` for a list across
cycles. A route declares ``cycle_scoped=True`` and the kit refuses to answer if its handler
never asked (``tests/test_cycle_access_matrix.py`` walks every route with every scoped role).
"""
import dataclasses
import json

import sqlalchemy as sa

from award_shared import errors
from award_shared.store.db import cycle_rosters
from award_shared.store.driver import insert_if_absent
from award_shared.store.prepared import Prepared
from award_shared.store.rows import session_of

SCOPED = ("third_party", "supervisor")
DISQUALIFIED = "disqualified"  # the roster row of those disqualified from the cycle (any role)

_WHY = {
    # Art. 7 LG(3): the leading group entrusts an agency with an edition's review. Art. 25 binds
    # reviewers to confidentiality; it is no list of who reads (issue 31), so it is not cited here
    "third_party": ("第三方评价机构人员仅可查看其受托届次的评审数据（第七条）",
                    "third-party staff read only the data of the cycle whose appointed agency they "
                    "work for, from the appointment until the cycle closes (Art. 7)", "Art. 7"),
    "supervisor": ("评审监督小组成员仅可在小组存续期间查看其任职届次的数据（第九条）",
                   "supervisors read only the data of the cycle whose sitting group they are on "
                   "(Art. 9)", "Art. 9"),
}


# -- the roster ------------------------------------------------------------------------------

def roster(session, cycle_id):
    """{role: (status, subjects)} of one cycle, in one statement."""
    rows = session_of(session).execute(sa.select(cycle_rosters.c.role, cycle_rosters.c.status, cycle_rosters.c.subjects)
                           .where(cycle_rosters.c.cycle_id == cycle_id)).all()
    return {role: (status, frozenset(json.loads(subjects))) for role, status, subjects in rows}


def sits(session, cycle_id, role, subject):
    """Does ``subject`` hold ``role`` for ``cycle_id`` now (appointed, not ended, not disqualified)?"""
    cycle = roster(session, cycle_id)
    return _holds(cycle, role, subject) and subject not in _disqualified(cycle)


def _holds(cycle, role, subject):
    status, subjects = cycle.get(role, ("", frozenset()))
    return status == "appointed" and subject in subjects


def _disqualified(cycle):
    return cycle.get(DISQUALIFIED, ("", frozenset()))[1]


def _put(tx, cycle_id, role, subjects, status, sequence, **times):
    """The roster row of (cycle, role) becomes this unless a later event already set it: the
    database decides, so two workers applying an older and a newer event at once (PostgreSQL)
    leave the newer (the UPDATE's WHERE is checked again after the other commits)."""
    values = dict(subjects=json.dumps(sorted(set(subjects)), ensure_ascii=False), status=status,
                  sequence=sequence, **times)
    if not insert_if_absent(tx.session, cycle_rosters, cycle_id=cycle_id, role=role, **values):
        tx.session.execute(cycle_rosters.update().where(
            cycle_rosters.c.cycle_id == cycle_id, cycle_rosters.c.role == role,
            cycle_rosters.c.sequence < sequence).values(**values))


def record_agency(tx, data, sequence):
    """``agency.appointed``: the entrusted agency's staff read the cycle as ``third_party``."""
    _put(tx, data["cycle_id"], "third_party", data["staff_subjects"], "appointed", sequence, since=tx.now())


def record_group(tx, data, sequence):
    """``supervision.group_appointed``: its members read the cycle as ``supervisor``."""
    _put(tx, data["cycle_id"], "supervisor", data.get("member_subjects") or (), "appointed", sequence,
         since=tx.now())


def record_group_dissolved(tx, data, sequence):
    """``supervision.group_dissolved`` (Art. 9): its members read the cycle no more."""
    _put(tx, data["cycle_id"], "supervisor", data.get("member_subjects") or (), "ended", sequence,
         until=tx.now())


def record_disqualified(tx, data):
    """``staff.disqualified`` (Art. 27): the person reads nothing of the cycle, in any role."""
    cycle_id, subject = data["cycle_id"], data["staff_subject"]
    if not insert_if_absent(tx.session, cycle_rosters, cycle_id=cycle_id, role=DISQUALIFIED,
                            subjects=json.dumps([subject], ensure_ascii=False), status="recorded", sequence=0,
                            since=tx.now()):
        where = (cycle_rosters.c.cycle_id == cycle_id, cycle_rosters.c.role == DISQUALIFIED)
        known = json.loads(tx.session.execute(sa.select(cycle_rosters.c.subjects).where(*where)
                                              .with_for_update()).scalar_one())
        if subject not in known:
            tx.session.execute(cycle_rosters.update().where(*where).values(
                subjects=json.dumps(sorted({*known, subject}), ensure_ascii=False)))
    tx.audit("staff.disqualified.known", target=cycle_id, detail={"subject": subject, "role": data.get("staff_role")})


def record_closed(tx, cycle_id):
    """The cycle closed: the agency's staff read it no more (the group ends with its own event);
    those disqualified from it still read none of it, and write nothing of it (the row's status
    ``closed`` only tells :func:`refuse_disqualified_writer` that the cycle's review is over)."""
    tx.session.execute(cycle_rosters.update().where(
        cycle_rosters.c.cycle_id == cycle_id, cycle_rosters.c.role == "third_party",
        cycle_rosters.c.status == "appointed").values(status="ended", until=tx.now()))
    tx.session.execute(cycle_rosters.update().where(
        cycle_rosters.c.cycle_id == cycle_id, cycle_rosters.c.role == DISQUALIFIED).values(status="closed"))


# -- the rule ----------------------------------------------------------------------------------

# The rows :func:`refuse_disqualified_writer` reads: (cycle_id, status, subjects) of every cycle's
# ``disqualified`` roster row. A route may read them inside a statement it runs anyway (scoring's
# score sheet folds them into its review-state read) and hand them to :func:`refuse_disqualified`.
DISQUALIFIED_ROWS = Prepared(sa.select(cycle_rosters.c.cycle_id, cycle_rosters.c.status, cycle_rosters.c.subjects)
                             .where(cycle_rosters.c.role == DISQUALIFIED))


def _staff(principal):
    """Art. 27 binds those doing review work: an applicant acting as one is not staff."""
    return principal is not None and not principal.roles <= {"applicant"}


def _listed(subject, subjects):
    """Is ``subject`` among ``subjects`` (a set, or a roster row's stored JSON text)?"""
    return subject in (json.loads(subjects) if isinstance(subjects, str) else subjects)


def _disqualified_from(principal, subjects):
    """Art. 27, one rule for reads and writes: is the caller staff and among ``subjects``, a
    cycle's disqualified?"""
    return _staff(principal) and _listed(principal.sub, subjects)


def refuse_disqualified_writer(session, principal, cycle_id=None):
    """Art. 27 for writes: someone disqualified from a cycle (``staff.disqualified``, any role)
    does no more of its review work, in any service: no write whose path names that cycle, and —
    where the path names none — no write at all while that cycle is open. Applicants acting as
    applicants are not staff. Asked by the kit before every write route's handler
    (:func:`award_shared.web.http.in_transaction`), in one statement of its own — unless the route
    reads :data:`DISQUALIFIED_ROWS` in a statement of its own and asks :func:`refuse_disqualified`
    (``call.refuse_disqualified_writer(rows)``) before it writes."""
    if not _staff(principal):
        return
    refuse_disqualified(DISQUALIFIED_ROWS.all(session), principal, cycle_id)


def refuse_disqualified(rows, principal, cycle_id=None):
    """:func:`refuse_disqualified_writer` on ``rows`` already read (dicts or tuples of
    cycle_id, status, subjects: :data:`DISQUALIFIED_ROWS`)."""
    for row in rows:
        cycle, status, subjects = (row["cycle_id"], row["status"], row["subjects"]) if isinstance(row, dict) else row
        concerned = cycle == cycle_id if cycle_id else status == "recorded"  # a path naming a cycle: that one
        if concerned and _disqualified_from(principal, subjects):
            raise errors.Forbidden(
                f"您已被取消 {cycle} 的评审工作资格，不得再办理本届评审事务（第二十七条）",
                f"you were disqualified from {cycle} (Art. 27) and do none of its work any more",
                article="Art. 27", code="disqualified")


def reader(session, principal, cycle_id, route_roles):
    """The caller as it may read ``cycle_id`` on a route open to ``route_roles`` (empty: any
    signed-in caller): its roles narrowed to those it holds for this cycle. Raises 403 naming
    the article when none is left."""
    if principal is None:
        return None
    wanted = principal.roles & route_roles if route_roles else principal.roles
    cycle = roster(session, cycle_id)
    if _disqualified_from(principal, _disqualified(cycle)):
        raise errors.Forbidden(f"您已被取消 {cycle_id} 的评审工作资格，不得查看本届数据（第二十七条）",
                               f"you were disqualified from {cycle_id} (Art. 27) and read none of its data",
                               article="Art. 27", code="disqualified")
    kept = frozenset(r for r in wanted if r not in SCOPED or _holds(cycle, r, principal.sub))
    if not kept:
        refused = sorted(r for r in wanted if r in SCOPED)
        if not refused:  # not a scoped refusal: the route's own role check speaks
            return dataclasses.replace(principal, roles=kept)
        message, message_en, article = _WHY[refused[0]]
        raise errors.Forbidden(f"{message}：{cycle_id}", f"{message_en}: not {cycle_id}", article=article,
                               code="not_appointed")
    return dataclasses.replace(principal, roles=kept)


@dataclasses.dataclass(frozen=True)
class CycleFilter:
    """Which cycles a caller reads on a route that lists across cycles: ``only`` None means every
    cycle; ``excluded`` those it was disqualified from."""
    only: frozenset | None
    excluded: frozenset = frozenset()

    def allows(self, cycle_id):
        return cycle_id not in self.excluded and (self.only is None or cycle_id in self.only)

    def where(self, column):
        """A WHERE clause on ``column`` (a cycle id column), or None for no restriction."""
        clauses = []
        if self.only is not None:
            clauses.append(column.in_(sorted(self.only)) if self.only else sa.false())
        if self.excluded:
            clauses.append(sa.or_(column.is_(None), column.not_in(sorted(self.excluded))))
        return sa.and_(*clauses) if clauses else None


def readable(session, principal, route_roles):
    """The :class:`CycleFilter` of a caller on a list route open to ``route_roles``."""
    wanted = principal.roles & route_roles if route_roles else principal.roles
    rows = session.execute(sa.select(cycle_rosters.c.cycle_id, cycle_rosters.c.role, cycle_rosters.c.status,
                                     cycle_rosters.c.subjects)).all()
    excluded = frozenset(c for c, role, _, subjects in rows
                         if role == DISQUALIFIED and _listed(principal.sub, subjects))
    if any(r not in SCOPED for r in wanted):
        return CycleFilter(None, excluded)
    only = frozenset(c for c, role, status, subjects in rows
                     if role in wanted and status == "appointed" and _listed(principal.sub, subjects))
    return CycleFilter(only - excluded, excluded)
