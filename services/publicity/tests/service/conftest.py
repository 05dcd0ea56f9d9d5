"""Fixtures of publicity's service tests: a running publicity service that knows the 2019 cycle
(under the 2018 rule set) and its applicants, fed the way intake, scoring and supervision
would feed it — their events published straight onto their exchanges in the test's vhost."""
import pytest
import sqlalchemy as sa

from award_publicity import tables
from award_publicity.service import PublicityService
from award_rules.ruleset import canonical_sha256
from award_shared.cycles import known_cycles
from award_shared.events.samples import PERSON_KEY, UNIT_CREDIT_CODE
from award_testing.helpers import audit_entries, find_row, outbox_events, publish_event, ruleset_2018, valid_credit_code, wait_for

CYCLE = "cycle-2019"
# Friday before the 2019 National Day holiday (2019-10-01..07; Sun 09-29 and Sat 10-12 worked)
FRIDAY_BEFORE_NATIONAL_DAY = "2019-09-27T10:00:00+08:00"
CLOCK = f"simulated:{FRIDAY_BEFORE_NATIONAL_DAY}"
UNITS = {"u-1": "济南示例精密机械有限公司", "u-2": "济南泉城智能装备股份有限公司", "u-3": "山东历城食品有限公司"}
PEOPLE = {"p-1": "张示例"}


credit_code = valid_credit_code


class Office:
    """Drives a running publicity service as the office, the leading group, the government,
    the public and the neighbouring services would."""

    def __init__(self, svc, amqp_uri, cycle_id=CYCLE):
        self.svc = svc
        self.amqp_uri = amqp_uri
        self.cycle_id = cycle_id
        self.ruleset = ruleset_2018()
        self.sequences = {}
        self.lists = 0
        self.names = {}

    # -- the bus ---------------------------------------------------------------------------
    def publish(self, source, event_type, data, subject=None):
        key = (source, subject or data.get("cycle_id"))
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return publish_event(self.amqp_uri, source, event_type, data, sequence=self.sequences[key])

    def open_cycle(self):
        self.publish("intake", "cycle.opened", {
            "cycle_id": self.cycle_id, "edition": 2019, "ruleset": self.ruleset, "ruleset_id": "jinan-2018",
            "ruleset_sha256": canonical_sha256(self.ruleset), "schedule": {},
            "opened_at": "2019-03-01T09:00:00+08:00"})
        wait_for(lambda: self.row(known_cycles, cycle_id=self.cycle_id), message="the cycle")
        for n, (app_id, name) in enumerate(UNITS.items()):
            self.applicant(app_id, name, credit_code=credit_code(n + 1))
        for app_id, name in PEOPLE.items():
            self.applicant(app_id, name, kind="individual")
        return self

    def applicant(self, app_id, name, kind="unit", credit_code=UNIT_CREDIT_CODE):
        self.names[app_id] = name
        data = {"application_id": app_id, "cycle_id": self.cycle_id, "kind": kind, "applicant_name": name,
                "district": "历下区", "sector": "secondary", "tilt_claims": []}
        data.update({"credit_code": credit_code} if kind == "unit" else
                    {"person_key": PERSON_KEY, "employer_credit_code": UNIT_CREDIT_CODE})
        self.publish("intake", "application.submitted", data, subject=app_id)
        wait_for(lambda: self.row(tables.applicants, application_id=app_id), message=f"applicant {app_id}")

    def propose(self, unit_award=("u-1", "u-2"), unit_nomination=("u-3",), individual_award=("p-1",),
                supersedes=None, pending=()):
        names = self.names
        self.lists += 1
        list_id = f"list-{self.lists}"

        def category(key, ids):
            quota = self.ruleset["categories"][key]["quota"]
            return {"category": key, "vacancies": max(0, quota - len(ids)), "candidates": [
                {"rank": i + 1, "application_id": a, "applicant_name": names[a], "score": 900.0 - 10 * i,
                 "pending": a in pending} for i, a in enumerate(ids)]}
        data = {"cycle_id": self.cycle_id, "list_id": list_id, "categories": [
            category("unit_award", unit_award), category("unit_nomination", unit_nomination),
            category("individual_award", individual_award), category("individual_nomination", ())]}
        if supersedes:
            data["supersedes"] = supersedes
        self.publish("scoring", "candidates.proposed", data)
        wait_for(lambda: self.row(tables.candidate_lists, list_id=list_id), message=f"candidate list {list_id}")
        return list_id

    def hold(self, hold_id, step, subject=None, release=False):
        data = {"hold_id": hold_id, "cycle_id": self.cycle_id, "step": step, "subject": subject,
                "placed_by": "supervisor-wang", "placed_by_service": "supervision", "reason": "待核实",
                "article": "Art. 9"}
        if release:
            data = {k: v for k, v in data.items() if k not in ("placed_by", "placed_by_service", "article")}
            data.update(released_by="supervisor-wang", reason="经核实，予以解除")
        self.publish("supervision", "hold.released" if release else "hold.placed", data, subject=hold_id)
        from award_shared.store import db
        wait_for(lambda: (self.row(db.holds, hold_id=hold_id) or {}).get("status") ==
                 ("released" if release else "active"), message=f"hold {hold_id}")

    # -- HTTP ------------------------------------------------------------------------------
    def call(self, role, method, path, body=None, **kw):
        return self.svc.client.call(method, path, *([role] if role else []), json_body=body, **kw)

    def walk(self, role, path, key):
        """Every row of a list read a page at a time (``path`` with its ``limit``), ``next``
        followed to the end (docs/contract.md, "Lists a page at a time")."""
        walked, after = [], None
        while True:
            page = self.call(role, "GET", path + (f"&after={after}" if after else "")).json()
            walked, after = walked + page[key], page["next"]
            if after is None:
                return walked

    def deliberate(self, decisions=None, adopt=(), strike=(), **extra):
        decisions = list(decisions or []) + [{"application_id": a, "decision": "adopted"} for a in adopt] + [
            {"application_id": a, "decision": "struck", "reason": "综合评议未获通过"} for a in strike]
        body = {"meeting_date": "2019-09-20", "members_present": ["组长", "副组长", "成员甲"],
                "minute": "市质量强市领导小组第X次会议纪要", "decisions": decisions, **extra}
        return self.call("leading_group", "POST", f"/v1/cycles/{self.cycle_id}/deliberation", body)

    def notice(self):
        return self.call("office", "POST", f"/v1/cycles/{self.cycle_id}/public-notice", {"media": [
            {"name": "济南日报", "date": "2019-09-27", "page": "A3"},
            {"name": "舜网", "date": "2019-09-27", "link": "http://news.e23.cn/example"}]})

    def submit(self, **extra):
        """The leading group submits the list that passed the notice to the government (提报)."""
        return self.call("leading_group", "POST", f"/v1/cycles/{self.cycle_id}/submission",
                         {"submitted_on": "2019-10-15", "document_number": "济质强领字〔2019〕5号", **extra})

    def clock(self, at):
        r = self.call("operator", "POST", "/admin/v1/clock", {"at": at, "reason": "演示"})
        assert r.status_code == 200, r.text
        return r.json()

    def candidates(self):
        r = self.call("office", "GET", f"/v1/cycles/{self.cycle_id}/candidates")
        assert r.status_code == 200, r.text
        return {c["application_id"]: c["status"] for c in r.json()["candidates"]}

    # -- the database, read-only -------------------------------------------------------------
    def outbox(self, event_type=None):
        return outbox_events(self.svc.engine, event_type)

    def audit(self, action=None):
        return audit_entries(self.svc.engine, action)

    def row(self, table, **where):
        return find_row(self.svc.engine, table, **where)

    def rows(self, table, **where):
        query = sa.select(table)
        for key, value in where.items():
            query = query.where(table.c[key] == value)
        with self.svc.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]


@pytest.fixture
def office_factory(service_factory, rabbit_config):
    def make(clock=CLOCK, signed=None, numbered_items=None, **extra):
        """``signed``: the edition's ``public_notice.objections_signed`` (None: the 2018 rule set's);
        ``numbered_items``: {category: items the edition numbers} (Art. 28; None: the 2018 rule set's)."""
        svc = service_factory(PublicityService, clock=clock,
                              extra={"NOTICE_TIMER_SECONDS": 0.2, "SUPERVISION_PUBLIC_URL": "https://jdzl.example",
                                     **extra})
        office = Office(svc, rabbit_config["AMQP_URI"])
        if signed is not None:
            office.ruleset["public_notice"]["objections_signed"] = signed
        for category, items in (numbered_items or {}).items():
            office.ruleset["categories"][category]["numbered_items"] = list(items)
        return office.open_cycle()
    return make


@pytest.fixture
def office(office_factory):
    return office_factory()
