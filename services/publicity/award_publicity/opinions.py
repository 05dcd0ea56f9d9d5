"""The supervision group's opinions on the cycle (``opinion.recorded``) and the office's answer to
each (Art. 16): accepted, with the change it made; or not accepted, with the reason. The leading
group deliberates the list only once every opinion it has received is answered (``deliberation``)."""
from award_shared import errors, paging

from . import queries
from .domain import opinions as rules
from .tables import supervision_opinions


def record(tx, recorded):
    """``opinion.recorded``: kept once (a redelivery changes nothing), to be answered."""
    if tx.insert_if_absent(supervision_opinions, opinion_id=str(recorded.id), cycle_id=recorded.data["cycle_id"],
                           application_id=recorded.application_id, opinion=recorded.opinion,
                           received_at=tx.now(), status=rules.INITIAL):
        tx.audit("opinion.received", target=str(recorded.id), detail={
            "cycle_id": recorded.data["cycle_id"], "application_id": recorded.application_id})


def answer(tx, opinion_id, body, principal):
    """The office answers one opinion (Art. 16): ``accepted`` with ``change`` (and the list that
    carries it, ``list_id``), or not, with ``reason``."""
    row = queries.opinion(tx, opinion_id, lock=True)
    if body.get("list_id") and queries.candidate_list(tx, body["list_id"], row["cycle_id"]) is None:
        raise errors.Invalid({"list_id": [f"no candidate list {body['list_id']} of {row['cycle_id']}"]},
                             article="Art. 16")
    new = rules.answer(row["status"], body)
    accepted = body["accepted"]
    tx.run(supervision_opinions.update().where(supervision_opinions.c.opinion_id == opinion_id).values(
        status=new, change=body.get("change") if accepted else None, reason=None if accepted else body.get("reason"),
        list_id=body.get("list_id"), answered_by=principal.sub, answered_at=tx.now()))
    tx.audit("opinion.answer", target=opinion_id, reason=body.get("change") if accepted else body.get("reason"),
             detail={"cycle_id": row["cycle_id"], "application_id": row["application_id"], "status": new,
                     "list_id": body.get("list_id")})
    return view(queries.opinion(tx, opinion_id))


def view(row):
    return {**{k: row[k] for k in ("opinion_id", "cycle_id", "application_id", "opinion", "received_at", "status",
                                   "change", "reason", "list_id", "answered_by", "answered_at")},
            "status_name": rules.NAMES[row["status"]]}


def of_cycle(tx, cycle_id, after=None, limit=100):
    """A page of the cycle's opinions, oldest first; ``next`` the ``after`` of the next page."""
    queries.cycle(tx, cycle_id)
    found = queries.opinions_page(tx, cycle_id, after, limit)
    return {"cycle_id": cycle_id, "opinions": [view(r) for r in found.rows], "next": found.next}


def summary(tx, cycle_id):
    """How many of the cycle's opinions stand in each status, and how many wait for the office's
    answer (Art. 16); counted by the database."""
    queries.cycle(tx, cycle_id)
    counted = paging.counts(tx, supervision_opinions.c.status, supervision_opinions.c.cycle_id == cycle_id)
    return {"cycle_id": cycle_id, "total": sum(counted.values()), "by_status": dict(sorted(counted.items())),
            "unanswered": counted.get(rules.RECEIVED, 0)}


def require_answered(tx, cycle_id):
    """Refused (409, Art. 16) while an opinion of the cycle awaits the office's answer."""
    rules.refuse_unanswered(queries.unanswered_opinions(tx, cycle_id))
