"""The office's candidate list arrives from scoring (``candidates.proposed``, Art. 16).

A later list supersedes the earlier one and sends the cycle back to deliberation: every name
on it awaits the leading group again; a name already publicly noticed keeps its notice (a
new one is noticed afresh, and so is one struck or removed before: every name approved has
passed a notice of its own); a name no longer listed is dropped; objections already raised
stay where they are, attached to their candidate.
"""
import json

from award_shared import errors
from award_shared import tables as kit

from . import approval, queries
from .domain import candidates as status
from .tables import candidate_lists, candidates

DELIBERATION = "deliberation"
#: a name listed again after these keeps no earlier notice: it is noticed afresh if adopted (Art. 17)
UNNOTICED_AGAIN = (status.STRUCK, status.REMOVED, status.NOT_APPROVED)
_UPDATE = kit.keyed_update(candidates, "cycle_id", "application_id")


def record_proposed(tx, proposed):
    """``candidates.proposed`` (Art. 16): the list becomes the current one, its names await the
    leading group."""
    data = proposed.data
    cycle_id = data["cycle_id"]
    if queries.approval(tx, cycle_id) is not None:
        raise errors.RuleViolation("名单已经市政府批准，不能再提出候选名单（第十八条）",
                                   "the list is already approved; a new proposal cannot be taken (Art. 18)",
                                   article="Art. 18")
    list_id = str(proposed.list_id or proposed.id)
    now = tx.now()
    approval.supersede(tx, cycle_id, list_id)  # a submission not yet decided no longer stands
    tx.run(candidate_lists.update().where(
        candidate_lists.c.cycle_id == cycle_id, candidate_lists.c.status != "superseded").values(status="superseded"))
    tx.run(candidate_lists.insert().values(
        list_id=list_id, cycle_id=cycle_id, supersedes=proposed.supersedes and str(proposed.supersedes),
        status="current", body=json.dumps(data, ensure_ascii=False), received_at=now))
    existing = {r["application_id"]: r for r in queries.candidates_of(tx, cycle_id)}
    listed, updates, inserts = set(), [], []
    for group in proposed.categories:
        for c in group["candidates"]:
            listed.add(c["application_id"])
            values = dict(list_id=list_id, category=group["category"], rank=c["rank"], score=c["score"],
                          applicant_name=c["applicant_name"], status=status.LISTED, reason=None, updated_at=now)
            if c["application_id"] in existing:
                # a name struck or removed comes back only through a notice of its own (Art. 17)
                before = existing[c["application_id"]]
                noticed = None if before["status"] in UNNOTICED_AGAIN else before["notice_id"]
                updates.append(dict(values, notice_id=noticed, key_cycle_id=cycle_id,
                                    key_application_id=c["application_id"]))
            else:
                inserts.append(dict(values, cycle_id=cycle_id, application_id=c["application_id"], notice_id=None))
    dropped = [dict(status=status.DROPPED, reason="不在新的候选名单中", updated_at=now, key_cycle_id=cycle_id,
                    key_application_id=app_id)
               for app_id, row in existing.items() if app_id not in listed and row["status"] != status.DROPPED]
    # one statement for many rows each (a province's list has thousands of names)
    for statement, rows in ((_UPDATE, updates), (candidates.insert(), inserts), (_UPDATE, dropped)):
        if rows:
            tx.run(statement, rows)
    tx.transition(DELIBERATION, "listed", len(listed))
    tx.audit("candidates.received", target=cycle_id, detail={
        "list_id": list_id, "supersedes": proposed.supersedes, "listed": sorted(listed)})


def view(tx, cycle_id):
    row = queries.current_list(tx, cycle_id)
    if row is None:
        raise errors.NotFound("本届尚未收到候选名单（第十六条）", "no candidate list has arrived for this cycle")
    return {"cycle_id": cycle_id, "list_id": row["list_id"], "list_status": row["status"],
            "supersedes": row["supersedes"], "received_at": row["received_at"],
            "candidates": [candidate_view(c) for c in queries.candidates_of(tx, cycle_id)]}


def candidate_view(row):
    return {"application_id": row["application_id"], "category": row["category"], "rank": row["rank"],
            "score": row["score"], "applicant_name": row["applicant_name"], "status": row["status"],
            "status_name": status.NAMES[row["status"]], "reason": row["reason"], "notice_id": row["notice_id"]}
