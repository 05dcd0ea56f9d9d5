"""Art. 27: 取消其评审工作资格，并提请其主管部门或所在工作单位按规定处理. Once a finding has
disqualified a member of the review staff (findings.py: ``staff.disqualified``, whatever their
role), a member of the cycle's group records the referral of that person to their authority
(主管部门) or employer (所在工作单位): who was referred, to whom, when and by whom — one per
finding, reported to the leading group in the same transaction. Read in queries.py."""
import uuid

from award_shared import errors

from . import access, queries, reports
from .domain import halting
from .tables import referrals


def refer(tx, finding_id, body, principal):
    """Record the referral of the person a review-staff finding disqualified (Art. 27)."""
    finding = queries.finding_row(tx, finding_id)
    access.require_supervisor(tx, principal, finding["cycle_id"])
    if finding["kind"] != "review_staff":
        raise errors.RuleViolation(
            "只有取消评审工作资格的监督发现，才提请其主管部门或所在工作单位按规定处理（第二十七条）",
            "only a finding that disqualified a member of the review staff is referred", article="Art. 27")
    done = queries.referral_of(tx, finding_id)
    if done is not None:
        raise errors.Conflict(f"监督发现 {finding_id} 已提请「{done['referred_to']}」按规定处理，不再重复提请",
                              f"finding {finding_id} was already referred to {done['referred_to']}",
                              code="already_referred")
    referral_id = f"referral-{uuid.uuid4().hex[:12]}"
    kind = body["referred_to_kind"]
    tx.run(referrals.insert().values(
        referral_id=referral_id, finding_id=finding_id, cycle_id=finding["cycle_id"],
        staff_subject=finding["staff_subject"], staff_role=finding["staff_role"], referred_to=body["referred_to"],
        referred_to_kind=kind, document=body.get("document"), note=body.get("note"), referred_by=principal.sub,
        referred_at=tx.now()))
    summary = (f"已取消 {finding['staff_subject']} 的评审工作资格，提请其{halting.REFERRAL_TO[kind]}"
               f"「{body['referred_to']}」按规定处理")
    report_id = reports.report(tx, cycle_id=finding["cycle_id"], kind="staff_referral", ref_id=referral_id,
                               summary=summary, reported_by=principal.sub)
    tx.audit("staff.referral", target=finding_id, reason=body.get("note"), detail={
        "cycle_id": finding["cycle_id"], "referral_id": referral_id, "staff_subject": finding["staff_subject"],
        "referred_to": body["referred_to"], "referred_to_kind": kind, "report_id": report_id})
    return queries.referral_of(tx, finding_id)
