"""A winner's duties after the award, kept beside the award this service may revoke:
the prize money paid (Art. 19, 20), its use reported against Art. 21's purposes, and the
experience shared (Art. 24) — the evidence a case on Art. 29(7) or 30(8) (拒绝履行本办法第六章
规定的责任和义务) cites.

Art. 21's purposes are the Measures' own words, per kind of winner. They end in 等 (主要用于…等):
the list is open, so a use the list does not name is recorded as ``other`` with what it was,
and the office judges it when it accepts or queries the report (奖励资金不得挪作他用).
"""
from .recovery import to_fen, to_yuan

#: Art. 21: what a unit's prize money is mainly used for
UNIT_PURPOSES = {
    "continuous_improvement": "质量持续改进", "quality_tackling": "质量攻关", "standards": "标准制（修）定",
    "technology_tackling": "技术攻关", "research": "科技研发", "training": "人员培训",
    "laboratory": "实验室建设投入", "promotion": "经验推广宣传",
}
#: Art. 21: what an individual's prize money is mainly used for
INDIVIDUAL_PURPOSES = {
    "study": "业务学习", "technical_training": "技术培训", "exchange": "经验交流", "methods": "方法推介",
}
OTHER = "other"  # Art. 21's 等: named by the winner, judged by the office
PURPOSES = {"unit": UNIT_PURPOSES, "individual": INDIVIDUAL_PURPOSES}
ALL_PURPOSES = tuple(UNIT_PURPOSES) + tuple(INDIVIDUAL_PURPOSES) + (OTHER,)

#: how a winner shared its experience (Art. 24: 宣传、交流); ``other`` says what
SHARING_FORMS = {"exchange_meeting": "经验交流会", "site_visit": "现场观摩", "publication": "宣传报道",
                 "lecture": "讲座培训", "other": "其他"}

#: the office's answer to a use report
REVIEWS = {"accepted": "已认可", "queried": "已质询"}

#: the grounds the duty record is the evidence of (拒绝履行本办法第六章规定的责任和义务)
DUTY_GROUNDS = ("Art. 29(7)", "Art. 30(8)")


def check_payment(amount, already_paid_fen, due_fen):
    """A payment beyond the prize money the award carries: (field, message, message_en), or None."""
    if already_paid_fen + to_fen(amount) > due_fen:
        left = to_yuan(due_fen - already_paid_fen)
        return ("amount", f"支付金额超过该奖项的奖励资金，尚可支付 {left} 元（第十九条）",
                f"more than the award's prize money: {left} yuan is left to pay (Art. 19)")
    return None


def check_uses(kind, uses, paid_fen):
    """Problems of a use report, {field: [message_en]}: a purpose of the other kind of winner,
    ``other`` without what it was, or more reported than was paid (Art. 21)."""
    problems = {}
    own = PURPOSES[kind]
    for index, use in enumerate(uses):
        if use["purpose"] != OTHER and use["purpose"] not in own:
            problems[f"uses.{index}.purpose"] = [
                f"{use['purpose']} is not a purpose Art. 21 names for a {kind} winner: one of "
                f"{', '.join(sorted(own))}, or other with what it was"]
        elif use["purpose"] == OTHER and not (use.get("description") or "").strip():
            problems[f"uses.{index}.description"] = ["a use Art. 21 does not name says what it was"]
    total = sum(to_fen(u["amount"]) for u in uses)
    if total > paid_fen:
        problems["uses"] = [f"{to_yuan(total)} yuan reported used; {to_yuan(paid_fen)} yuan was paid (Art. 21)"]
    return problems


#: what may be due on an award in force, in the office's list (GET /v1/cycles/{cycle}/awards):
#: (duty, article, Chinese name)
DUES = (("payment", "Art. 19", "奖励资金未付清"),
        ("fund_use_report", "Art. 21", "待报送奖励资金使用情况"),
        ("use_report_review", "Art. 21", "使用情况报告待审核"),
        ("use_report_queried", "Art. 21", "使用情况报告已质询，待答复"),
        ("experience_sharing", "Art. 24", "尚未开展经验交流"))


def dues(in_force, prize_fen, paid_fen, use_reports, shared):
    """What is due on an award: the prize money not yet all paid (Art. 19), the use of the money
    paid not yet reported (Art. 21), a use report waiting for the office's review or queried and
    waiting for the winner's answer (Art. 21), no experience shared yet (Art. 24). ``use_reports``:
    {status: number}. An award revoked owes none of them (its recovery is the case's)."""
    if not in_force:
        return []
    due = {"payment": paid_fen < prize_fen,
           "fund_use_report": paid_fen > 0 and not sum(use_reports.values()),
           "use_report_review": use_reports.get("received", 0) > 0,
           "use_report_queried": use_reports.get("queried", 0) > 0,
           "experience_sharing": not shared}
    return [{"duty": duty, "article": article, "duty_zh": zh} for duty, article, zh in DUES if due[duty]]
