"""Conferral (Art. 19, 21): per award the rule set's items, the prize money the office set for
the cycle under city policy (济政发〔2017〕9号), a certificate number; ``award.granted`` each.

Awards given before the suite are imported with their own certificate numbers and announced
the same way (``imported: true``), so verification, intake's Art. 6 registry and revocation
know them like any other.
"""
import copy
import json
import secrets
import uuid
from datetime import date

from award_rules.clock import zh_date
from award_rules.frozen import parsed_ruleset, thaw
from award_rules.ruleset_schema import RuleSetError, validate_ruleset
from award_rules.vocabulary import CATEGORY_KIND
from award_shared import errors, events, holds

from . import queries, records
from .domain import candidates as status
from .domain import certificate_numbers
from .domain import conferral as rules
from .tables import awards, candidates, prize_amounts

STEP = "conferral"


def set_prizes(tx, cycle_id, body, principal):
    """The office sets the prize money per category before conferral (Art. 19: city policy)."""
    ruleset = queries.ruleset(tx, cycle_id)
    if any(a["imported"] is False for a in queries.awards_of(tx, cycle_id)):
        # this suite's choice (docs/design.md): Art. 19 sets no moment after which amounts stand
        raise errors.RuleViolation("奖项已授予，按本评审系统的规则，奖金数额不能再改",
                                   "awards are conferred: under this suite's rule the prize money no longer changes",
                                   code="prize_amounts_frozen")
    unknown = sorted(set(body["amounts"]) - set(ruleset["categories"]))
    if unknown:
        raise errors.Invalid({"amounts": [f"not a category of the rule set: {', '.join(unknown)}"]}, article="Art. 2")
    out = {}
    for category, text in sorted(body["amounts"].items()):
        amount = rules.money(text, f"amounts.{category}")
        tx.run(prize_amounts.delete().where(prize_amounts.c.cycle_id == cycle_id,
                                            prize_amounts.c.category == category))
        tx.run(prize_amounts.insert().values(
            cycle_id=cycle_id, category=category, amount=amount, policy=body["policy"], set_at=tx.now(),
            set_by=principal.sub))
        out[category] = str(amount)
    tx.audit("prizes.set", target=cycle_id, reason=body.get("reason"), detail={"amounts": out, "policy": body["policy"]})
    return {"cycle_id": cycle_id, "amounts": out, "policy": body["policy"]}


def confer(tx, cycle_id, body, principal):
    """Confer every approved award (Art. 19); refused before approval (409, Art. 18), and
    without an absolute PUBLIC_BASE_URL for the certificates (503)."""
    records.public_base_url(tx.config)
    cycle = queries.cycle(tx, cycle_id)
    ruleset = parsed_ruleset(cycle["ruleset"])
    approval = queries.approval(tx, cycle_id)
    if approval is None:
        raise errors.RuleViolation("名单尚未经市政府审定，不能授奖（第十八条）",
                                   "the list is not approved by the city government yet (Art. 18)",
                                   article="Art. 18")
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    approved = [r for r in queries.candidates_of(tx, cycle_id, lock=True) if r["status"] == status.APPROVED]
    if not approved:
        raise errors.RuleViolation("没有待授予的奖项（第十九条）", "nothing approved awaits conferral (Art. 19)",
                                   article="Art. 19")
    for c in approved:
        holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=c["application_id"])
    prizes = queries.prizes(tx, cycle_id)
    rules.check_prizes_set({c["category"] for c in approved}, prizes)
    for category in sorted({c["category"] for c in approved}):  # awards imported onto the edition count too
        _check_quota(tx, ruleset, cycle["edition"], category, sum(c["category"] == category for c in approved),
                     "category")
    granted = []
    for c in approved:
        who = queries.applicant(tx, c["application_id"])
        if who is None:  # the applicant's identity comes from application.submitted
            raise errors.Conflict(f"尚未收到 {c['application_id']} 的申报信息，请稍后再试",
                                  f"the application {c['application_id']} is not known here yet; retry",
                                  code="not_yet_known")
        granted.append(_grant(tx, cycle, c, who, rules.items_of(ruleset, c["category"]),
                              prizes[c["category"]]["amount"], body["granted_on"]))
    tx.audit("conferral.confer", target=cycle_id, reason=body.get("reason"),
             detail={"awards": [g["award_id"] for g in granted]})
    return {"cycle_id": cycle_id, "awards": granted}


def _grant(tx, cycle, cand, who, items, amount, granted_on):
    number = _new_number(tx, cycle["edition"])
    award_id = f"award-{cycle['edition']}-{uuid.uuid4().hex[:10]}"
    values = dict(award_id=award_id, certificate_number=number, cycle_id=cycle["cycle_id"], edition=cycle["edition"],
                  application_id=cand["application_id"], category=cand["category"], rank=cand["rank"],
                  # the name as the government approved it: the list's, which an approved handling
                  # opinion may have corrected (Art. 17), not only as the application gave it
                  recipient_name=cand["applicant_name"] or who["applicant_name"], credit_code=who["credit_code"],
                  person_key=who["person_key"],
                  items=json.dumps(items), prize_amount=amount, granted_on=granted_on, granted_at=tx.now(),
                  imported=False, status="in_force")
    tx.run(awards.insert().values(**values))
    tx.run(candidates.update().where(
        candidates.c.cycle_id == cycle["cycle_id"], candidates.c.application_id == cand["application_id"]).values(
        status=status.CONFERRED, updated_at=tx.now()))
    _announce(tx, values)
    tx.transition(STEP, "granted")
    return award_view(values)


def _new_number(tx, edition):
    return certificate_numbers.new_unique_number(edition, secrets, lambda n: queries.certificate_taken(tx, n))


def _announce(tx, values, ruleset=None):
    tx.publish(events.AwardGranted(
        award_id=values["award_id"], application_id=values["application_id"], cycle_id=values["cycle_id"],
        certificate_number=values["certificate_number"], recipient_name=values["recipient_name"],
        credit_code=values["credit_code"], person_key=values["person_key"], category=values["category"],
        items=json.loads(values["items"]), prize_amount=str(values["prize_amount"]),
        granted_at=None if values["imported"] else values["granted_at"].isoformat(), imported=values["imported"],
        edition=values["edition"], granted_on=values["granted_on"].isoformat(), ruleset=ruleset))


def import_awards(tx, body, principal):
    """The office imports awards given before the suite, each with its own certificate number,
    its real edition and date; each is announced as ``award.granted`` with ``imported: true``,
    its ``granted_on`` and the rule set of its edition (issue 31, item 14). Refused, changing
    nothing, when the rule set is not the one in force on the award's date (Art. 31) or the
    edition would hold more awards of a category than that rule set allows (Art. 2)."""
    supplied = _supplied_ruleset(body.get("ruleset"))
    out, batch = [], {}
    for index, a in enumerate(body["awards"]):
        if queries.certificate_taken(tx, a["certificate_number"]):
            raise errors.Invalid({f"awards.{index}.certificate_number": ["already on record"]})
        kind = CATEGORY_KIND[a["category"]]
        if (kind == "unit") != bool(a.get("credit_code")) or (kind == "individual") != bool(a.get("person_key")):
            raise errors.Invalid({f"awards.{index}": ["a unit award carries credit_code, an individual one person_key"]})
        ruleset = _edition_ruleset(tx, a, index, supplied)
        batch.setdefault((a["edition"], a["category"]), (ruleset, []))[1].append(index)
    for (edition, category), (ruleset, indexes) in sorted(batch.items()):
        _check_quota(tx, ruleset, edition, category, len(indexes), f"awards.{indexes[-1]}")
    for index, a in enumerate(body["awards"]):
        ruleset = batch[(a["edition"], a["category"])][0]
        values = dict(award_id=f"award-{a['edition']}-{uuid.uuid4().hex[:10]}", certificate_number=a["certificate_number"],
                      cycle_id=a["cycle_id"], edition=a["edition"], application_id=a.get("application_id") or
                      f"imported-{uuid.uuid4().hex[:10]}", category=a["category"], rank=a.get("rank"),
                      recipient_name=a["recipient_name"], credit_code=a.get("credit_code"),
                      person_key=a.get("person_key"), items=json.dumps(a["items"]),
                      prize_amount=rules.money(a["prize_amount"], f"awards.{index}.prize_amount"),
                      granted_on=a["granted_on"], granted_at=tx.now(), imported=True, status="in_force")
        tx.run(awards.insert().values(**values))
        _announce(tx, values, ruleset=None if _known_cycle(tx, a["cycle_id"]) else _jsonable(ruleset))
        out.append(award_view(values))
    tx.audit("awards.import", reason=body.get("reason"), detail={
        "awards": [a["award_id"] for a in out], "ruleset_id": supplied["id"] if supplied else None})
    return {"imported": out}


def _supplied_ruleset(document):
    """The edition's own rule-set file sent with the import, validated as intake validates one."""
    if document is None:
        return None
    try:
        return validate_ruleset(copy.deepcopy(document), source="ruleset")
    except RuleSetError as error:
        raise errors.Invalid({"ruleset": error.problems}, article="Art. 31",
                             message="所附规则集文件无效（第三十一条）", message_en="the rule set supplied is not valid") from None


def _known_cycle(tx, cycle_id):
    try:
        return queries.cycle(tx, cycle_id)
    except errors.NotFound:
        return None


def _edition_ruleset(tx, award, index, supplied):
    """The rule set bound to an imported award's edition: its cycle's, when the suite ran it, else
    the file sent with the import — which must be the one in force on the award's date (Art. 31:
    an award before 2018-12-07 was made under the 2011 Measures, 济政发〔2011〕10号)."""
    cycle = _known_cycle(tx, award["cycle_id"])
    ruleset = parsed_ruleset(cycle["ruleset"]) if cycle is not None else supplied
    day = award["granted_on"]
    if ruleset is None:
        raise errors.Invalid(
            {"ruleset": [f"edition {award['edition']} is not a cycle of the suite: send the rule-set file it was made under"]},
            article="Art. 31", message=f"第{award['edition']}届不是本系统办理的届次，导入须附该届施行的管理办法规则集文件（第三十一条）",
            message_en=f"edition {award['edition']} was not run by the suite: the import needs the rule-set file it was made under")
    start, end = _as_date(ruleset["in_force_from"]), _as_date(ruleset.get("in_force_to"))
    if day < start or (end is not None and day > end):
        raise errors.Invalid(
            {f"awards.{index}.granted_on": [f"{day} is outside {ruleset['id']} ({start} to {end or 'open'}); "
                                             "send the rule-set file of the Measures in force that day"]},
            article="Art. 31",
            message=f"该奖项授予于{zh_date(day)}，不在规则集 {ruleset['id']} 的施行期间（自{zh_date(start)}起"
                    f"{'至' + zh_date(end) if end else ''}）内，须附当时施行的管理办法规则集文件（第三十一条）",
            message_en=f"the award of {day} is outside the period of {ruleset['id']}; send the rule-set file in force then")
    if award["category"] not in ruleset["categories"]:
        raise errors.Invalid({f"awards.{index}.category": [f"not a category of {ruleset['id']}"]}, article="Art. 2")
    return ruleset


def _check_quota(tx, ruleset, edition, category, adding, field):
    """No route puts more awards of a category on an edition than its rule set allows (Art. 2)."""
    quota = ruleset["categories"][category]["quota"]
    held = queries.awards_of_edition(tx, edition, category)
    if held + adding > quota:
        name = ruleset["categories"][category]["name"]
        raise errors.RuleViolation(
            f"第二条：{name}每届不超过{quota}个，第{edition}届已有{held}个，不能再增加{adding}个",
            f"the {edition} edition already holds {held} of at most {quota} {category} (Art. 2); {adding} more is too many",
            article="Art. 2", fields={"field": field, "quota": quota, "held": held})


def _jsonable(ruleset):
    return json.loads(json.dumps(thaw(ruleset), default=str, ensure_ascii=False))


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def award_view(row):
    out = {k: row[k] for k in ("award_id", "certificate_number", "cycle_id", "edition", "application_id", "category",
                               "rank", "recipient_name", "credit_code", "granted_on", "imported", "status")}
    out["items"] = json.loads(row["items"]) if isinstance(row["items"], str) else row["items"]
    out["prize_amount"] = str(row["prize_amount"])
    out["revoked_on"] = row.get("revoked_on")
    return out
