"""Drives publicity's workflow modules on the fast rung: the kit's own unit of work over SQLite
in memory (``award_testing.workflows.unit_of_work``), on a fixed business clock, with no
broker, no HTTP and no container. What other services would send arrives as event values
through ``received(...)``; each step is driven as its route would drive it, in its own
transaction. (A module of its own name, not the conftest: the tests import from it.)"""
import datetime as dt

import sqlalchemy as sa

from award_publicity import (approval, candidate_lists, conferral, deliberation, objections, public_notice,
                             replicas, tables)
from award_rules.ruleset import canonical_sha256
from award_shared import cycles, events
from award_shared.events.samples import PERSON_KEY, UNIT_CREDIT_CODE
from award_shared.web.auth import Principal
from award_testing.helpers import ruleset_2018, valid_credit_code
from award_testing.workflows import received, unit_of_work

CYCLE = "cycle-2019"
# Friday before the 2019 National Day holiday (2019-10-01..07; Sun 09-29 and Sat 10-12 worked):
# five working days end on Thursday 10 October
FRIDAY_BEFORE_NATIONAL_DAY = "2019-09-27T10:00:00+08:00"
UNITS = {"u-1": "济南示例精密机械有限公司", "u-2": "济南泉城智能装备股份有限公司", "u-3": "山东历城食品有限公司"}
PEOPLE = {"p-1": "张示例"}
PUBLIC_BASE_URL = "https://publicity.example.org"
SUPERVISION_URL = "https://jdzl.example"


def principal(sub, *roles):
    return Principal(sub=sub, roles=frozenset(roles))


OFFICE = principal("office-li", "office")
LEADING_GROUP = principal("leader-zhao", "leading_group")
GOVERNMENT = principal("gov-sun", "government")


class Publicity:
    """Publicity's workflows on one unit of work (``tx``), each step in its own transaction."""

    def __init__(self):
        self.tx = unit_of_work("publicity", tables.ALL, now=FRIDAY_BEFORE_NATIONAL_DAY,
                               config={"PUBLIC_BASE_URL": PUBLIC_BASE_URL})
        self.sequence = 0

    def delivered(self, event):
        """``event`` as publicity's consumer receives it (each with the next sequence)."""
        self.sequence += 1
        return received(event, sequence=self.sequence)

    # -- what the other services say -------------------------------------------------------
    def open_cycle(self):
        ruleset = ruleset_2018()
        with self.tx as tx:
            cycles.record_opened(tx, self.delivered(events.CycleOpened(
                cycle_id=CYCLE, edition=2019, ruleset=ruleset, ruleset_id="jinan-2018",
                ruleset_sha256=canonical_sha256(ruleset), schedule={}, opened_at="2019-03-01T09:00:00+08:00")))
            for n, (app_id, name) in enumerate(UNITS.items()):
                replicas.record_submitted(tx, self.delivered(events.ApplicationSubmitted(
                    application_id=app_id, cycle_id=CYCLE, kind="unit", applicant_name=name,
                    credit_code=valid_credit_code(n + 1), district="历下区", sector="secondary", tilt_claims=[])))
            for app_id, name in PEOPLE.items():
                replicas.record_submitted(tx, self.delivered(events.ApplicationSubmitted(
                    application_id=app_id, cycle_id=CYCLE, kind="individual", applicant_name=name,
                    person_key=PERSON_KEY, employer_credit_code=UNIT_CREDIT_CODE, district="历下区",
                    sector="secondary", tilt_claims=[])))
        return self

    def propose(self, unit_award=("u-1", "u-2"), individual_award=("p-1",), list_id="list-1"):
        names = {**UNITS, **PEOPLE}

        def category(key, ids):
            return {"category": key, "vacancies": 0, "candidates": [
                {"rank": i + 1, "application_id": a, "applicant_name": names[a], "score": 900.0 - 10 * i}
                for i, a in enumerate(ids)]}
        with self.tx as tx:
            candidate_lists.record_proposed(tx, self.delivered(events.CandidatesProposed(
                cycle_id=CYCLE, list_id=list_id,
                categories=[category("unit_award", unit_award), category("individual_award", individual_award)])))
        return self

    # -- the steps, as their routes drive them ---------------------------------------------
    def deliberate(self, adopt=("u-1", "u-2", "p-1"), strike=()):
        decisions = [{"application_id": a, "decision": "adopted"} for a in adopt] + [
            {"application_id": a, "decision": "struck", "reason": "综合评议未获通过"} for a in strike]
        with self.tx as tx:
            return deliberation.deliberate(tx, CYCLE, {
                "meeting_date": dt.date(2019, 9, 20), "members_present": ["组长", "副组长"],
                "minute": "第X次会议纪要", "decisions": decisions}, LEADING_GROUP)

    def publish_notice(self):
        with self.tx as tx:
            return public_notice.publish(tx, CYCLE, {"media": [
                {"name": "济南日报", "date": dt.date(2019, 9, 27), "page": "A3"}]}, OFFICE)

    def object(self, application_id="u-2", content="该企业存在质量问题", name="王某", contact="13800000000"):
        with self.tx as tx:
            return objections.raise_objection(tx, {"application_id": application_id, "content": content,
                                                   "objector_name": name, "objector_contact": contact},
                                              SUPERVISION_URL)

    def objection_id(self, tracking_number):
        return self.row(tables.objections, tracking_number=tracking_number)["objection_id"]

    def resolve(self, objection_id, outcome="dismissed", opinion="经调查，反映问题不属实。"):
        with self.tx as tx:
            objections.investigate(tx, objection_id, {"investigators": ["李某"], "checked": "现场核查",
                                                      "conclusion": opinion}, OFFICE)
        with self.tx as tx:
            objections.resolution(tx, objection_id, {"outcome": outcome, "handling_opinion": opinion}, OFFICE)
        with self.tx as tx:
            return objections.resolution(tx, objection_id, {"decision": "approve"}, LEADING_GROUP)

    def close_notices(self, days=14):
        self.tx.clock.advance(days=days)
        with self.tx as tx:
            return public_notice.close_due(tx)

    def submit(self):
        with self.tx as tx:
            return approval.submit(tx, CYCLE, {"submitted_on": dt.date(2019, 10, 15)}, LEADING_GROUP)

    def decide(self, **body):
        with self.tx as tx:
            return approval.decide(tx, CYCLE, body, GOVERNMENT)

    def approve(self, excluded=()):
        self.submit()
        return self.decide(document_number="济政字〔2019〕88号", approved_on=dt.date(2019, 10, 25),
                           excluded=list(excluded))

    def confer(self):
        with self.tx as tx:
            conferral.set_prizes(tx, CYCLE, {"amounts": {"unit_award": "200000.00", "individual_award": "100000.00"},
                                             "policy": "济政发〔2017〕9号"}, OFFICE)
        with self.tx as tx:
            return conferral.confer(tx, CYCLE, {"granted_on": dt.date(2019, 11, 1)}, OFFICE)

    # -- reading back ----------------------------------------------------------------------
    def row(self, table, **where):
        rows = self.rows(table, **where)
        return rows[0] if rows else None

    def rows(self, table, **where):
        query = sa.select(table)
        for key, value in where.items():
            query = query.where(table.c[key] == value)
        with self.tx.database.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def statuses(self):
        return {r["application_id"]: r["status"] for r in self.rows(tables.candidates, cycle_id=CYCLE)}
