"""The third-party agency of a cycle and the experts it engages (Art. 8).

The office proposes the agency and names the accounts of its staff; the leading group entrusts
it (受委托的第三方机构, Art. 7 LG(3)), and only then does it act; the
agency engages experts from universities, research institutes, enterprises and industry
associations and other quarters (Art. 8(2): 等有关方面人员 — an open list: ``other``, named in
words), each with its employer's credit code, the industries it judges
(primary / secondary / tertiary) and the ties it declares (Art. 25).
"""
from award_shared import cycles, errors, events

from . import queries
from .domain import confidentiality
from .tables import agencies, experts


def appoint(tx, cycle_id, body, actor):
    """The office proposes the cycle's third party (Art. 7 Office(2)); it acts once the leading
    group entrusts it (:func:`approve`). Refused once entrusted."""
    queries.ruleset(tx, cycle_id)
    current = queries.agency_record(tx, cycle_id)
    if current is not None and current["status"] == "appointed":
        raise errors.RuleViolation(
            f"本届已委托第三方机构（{current['name']}），不再另行提出（第七条）",
            f"the leading group has already entrusted {current['name']} for this cycle (Art. 7)",
            article="Art. 7", code="agency_appointed")
    values = {"name": body["name"], "credit_code": body["credit_code"],
              "staff_subjects": queries.dumps(sorted(set(body["staff_subjects"]))),
              "appointed_at": tx.now(), "appointed_by": actor, "status": "proposed"}
    if current is None:
        tx.run(agencies.insert().values(cycle_id=cycle_id, **values))
    else:
        tx.run(agencies.update().where(agencies.c.cycle_id == cycle_id).values(**values))
    tx.audit("agency.propose", target=cycle_id, reason=body.get("reason"),
             detail={"name": body["name"], "credit_code": body["credit_code"],
                     "staff_subjects": sorted(set(body["staff_subjects"]))})
    return queries.agency_record(tx, cycle_id)


def approve(tx, cycle_id, body, actor):
    """The leading group entrusts the proposed third party (Art. 7 LG(3)); ``agency.appointed``
    names its staff, whom intake lets read the cycle's material (Art. 25)."""
    queries.ruleset(tx, cycle_id)
    current = queries.agency_record(tx, cycle_id)
    if current is None or current["status"] != "proposed":
        raise errors.RuleViolation(
            "没有待领导小组审定委托的第三方机构（第七条）",
            "no third party awaits the leading group's approval for this cycle (Art. 7)",
            article="Art. 7", code="no_agency_proposed")
    now = tx.now()
    tx.run(agencies.update().where(agencies.c.cycle_id == cycle_id).values(
        status="appointed", approved_by=actor, approved_at=now, decision=body["decision"]))
    appointed = events.AgencyAppointed(
        cycle_id=cycle_id, name=current["name"], credit_code=current["credit_code"],
        staff_subjects=current["staff_subjects"], approved_by=actor, appointed_at=now.isoformat())
    envelope = tx.publish(appointed)
    cycles.record_agency(tx, appointed.data, envelope["sequence"])  # scoring's own reads at once, not at the echo
    tx.audit("agency.appoint", target=cycle_id, reason=body.get("reason") or body["decision"],
             detail={"name": current["name"], "staff_subjects": current["staff_subjects"]})
    return queries.agency_record(tx, cycle_id)


#: who sees the agency's staff accounts: the office proposes them, the leading group entrusts
#: them, the agency is them (Art. 7 LG(3)); a third party here is the cycle's own (cycle_access)
STAFF_READERS = ("office", "leading_group", "third_party")


def get(tx, cycle_id, principal):
    """The cycle's third party; its staff accounts only to :data:`STAFF_READERS`."""
    found = queries.agency_record(tx, cycle_id)
    if found is None:
        raise errors.NotFound("本届尚未委托第三方机构（第八条）", "no third party appointed for this cycle (Art. 8)")
    if not principal.has(*STAFF_READERS):
        found = {k: v for k, v in found.items() if k != "staff_subjects"}
    return found


def register_expert(tx, cycle_id, body, principal):
    """The cycle's third party registers an expert (Art. 8(2)); refused if supervision has
    already disqualified that person in this cycle (Art. 27)."""
    queries.ruleset(tx, cycle_id)
    confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, cycle_id))
    subject = body["subject"]
    if subject in queries.disqualified(tx, cycle_id):
        raise errors.RuleViolation(
            f"专家 {subject} 已被评审监督小组取消本届评审工作资格（第二十七条）",
            f"expert {subject} has been disqualified for this cycle by the supervision group (Art. 27)",
            article="Art. 27", code="disqualified")
    if queries.expert_registered(tx, cycle_id, subject):
        raise errors.Conflict(f"专家 {subject} 已登记", f"expert {subject} is already registered for {cycle_id}",
                              code="already_registered")
    tx.run(experts.insert().values(
        cycle_id=cycle_id, subject=subject, name=body["name"], affiliation_kind=body["affiliation_kind"],
        affiliation_detail=body.get("affiliation_detail"),
        employer_name=body["employer_name"], employer_credit_code=body["employer_credit_code"],
        former_employer_credit_codes=queries.dumps(body["former_employer_credit_codes"]),
        person_key=body.get("person_key"), sectors=queries.dumps(body["sectors"]),
        declared_conflicts=queries.dumps(body["declared_conflicts"]), status="active",
        registered_at=tx.now(), registered_by=principal.sub))
    tx.audit("expert.register", target=f"{cycle_id}/{subject}", reason=body.get("reason"),
             detail={"affiliation_kind": body["affiliation_kind"], "affiliation_detail": body.get("affiliation_detail"),
                     "sectors": body["sectors"],
                     "declared_conflicts": len(body["declared_conflicts"])})
    return expert_view(_one(tx, cycle_id, subject), 0)


def _one(tx, cycle_id, subject):
    return next(e for e in queries.experts_of(tx, cycle_id) if e["subject"] == subject)


def expert_view(expert, load):
    out = {k: expert[k] for k in ("subject", "name", "affiliation_kind", "affiliation_detail", "employer_name",
                                  "employer_credit_code",
                                  "former_employer_credit_codes", "sectors", "declared_conflicts", "status",
                                  "registered_at")}
    out["cycle_id"] = expert["cycle_id"]
    out["load"] = load
    return out


def list_experts(tx, cycle_id, call):
    """A page of the cycle's experts by subject and their loads (third party and office); ``next``
    the ``after`` of the next page, null on the last."""
    queries.ruleset(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, cycle_id), assigned=False)
    rows, following = queries.experts_page(tx, cycle_id, call.query["after"], call.query["limit"])
    loads = queries.loads(tx, cycle_id, [e["subject"] for e in rows])
    return {"experts": [expert_view(e, loads.get(e["subject"], 0)) for e in rows], "next": following}
