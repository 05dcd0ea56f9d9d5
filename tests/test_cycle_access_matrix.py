"""Access by cycle and by role, generated from the routes (issue 29; docs/contract.md, "Access by
cycle and by role").

The five services run on one vhost with one cycle driven through their public routes: an
application with its documents, the agency and the supervision group appointed by the
leading group, a supervisory hold, a complaint, an opinion, a candidate list, an objection, an
award and its revocation case. Then every read route of every service that a cycle-scoped role
(``third_party``, ``supervisor``) may call is walked with each principal that must not read
cycle-2019: an agency's staff account on no agency, last edition's (here: another cycle's)
agency and group, the future agency's staff and group members before the leading group
approved them, a staff member disqualified under Art. 27, and — after the cycle closed — the
agency and the dissolved group. A route that returns one cycle's data answers 403 naming the
article; a list across cycles holds nothing of cycle-2019. The appointed agency and group
read the same routes (so no refusal here passes for want of data), and nothing a refusal
touches is written.

A new read route is in the walk by construction: a route a scoped role may call is either
``cycle_scoped`` (its handler asks award_shared.web.cycle_access) or listed in :data:`OPEN` with
the reason it is no cycle's confidential data.
"""
import base64

import pytest
import sqlalchemy as sa

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from award_intake import examples
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.store import db
from award_shared.web.cycle_access import SCOPED
from award_shared.web.http import ApiHandler
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, count_rows, publish_event, wait_for

CYCLE = "cycle-2019"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
#: feed is not here: it serves the public events alone, to anyone, and reads no cycle's data
CLASSES = {"intake": IntakeService, "scoring": ScoringService, "supervision": SupervisionService,
           "publicity": PublicityService, "revocation": RevocationService}
#: read routes a scoped role may call that hold no cycle's confidential data, and why
OPEN = {
    ("intake", "/v1/cycles"): "the editions and their rule sets: public law (Art. 31)",
    ("intake", "/v1/cycles/<cycle_id>"): "one edition and its rule set: public law (Art. 31)",
    ("intake", "/v1/cycles/<cycle_id>/tilt"): "the approved tilt, published with the notice (Art. 11, 13)",
    ("intake", "/v1/cycles/<cycle_id>/notice"): "the application notice, public (Art. 13)",
    **{(s, path): "the editions this service knows and their rule sets: public law (Art. 31)"
       for s in ("scoring", "supervision", "publicity", "revocation")
       for path in ("/v1/cycles", "/v1/cycles/<cycle_id>")},
}
THIRD_PARTY, SUPERVISOR = "third_party", "supervisor"
CYCLE_CODES = ("not_appointed", "disqualified")  # the cycle rule's refusals (403)
AGENCY_2019, GROUP_2019 = ["tp-2019", "tp-out"], [f"sv-2019-{i}" for i in range(1, 10)]
MEMBER_KINDS = ("npc_deputy", "cppcc_member", "government", "media", "lawyer")


def read_routes(service):
    """(route, roles, cycle_scoped) of every signed-in GET route of ``service``."""
    cls = CLASSES[service]
    for name in dir(cls):
        for entrypoint in getattr(getattr(cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, ApiHandler) and entrypoint.method == "GET" and not entrypoint.public:
                yield entrypoint.url, entrypoint.roles, entrypoint.cycle_scoped


def scoped_routes(service):
    """The routes the walk covers: those a cycle-scoped role may call."""
    for url, roles, cycle_scoped in read_routes(service):
        if roles and not roles & set(SCOPED):
            continue
        if (service, url) in OPEN:
            assert not cycle_scoped, f"{service} {url} is both open and cycle-scoped"
            continue
        assert cycle_scoped, (f"{service} GET {url} may be called by {sorted(roles) or 'anyone signed in'} and "
                              "answers without asking award_shared.web.cycle_access: declare cycle_scoped=True "
                              "(or list it in OPEN with the reason)")
        yield url, roles


def test_every_read_route_a_scoped_role_may_call_asks_the_cycle_rule():
    covered = {s: list(scoped_routes(s)) for s in CLASSES}
    assert all(covered.values()), covered  # every service has such routes; none slipped out of the walk
    assert ("/admin/v1/holds", frozenset({"operator", "office", "supervisor", "leading_group"})) in covered["intake"]


def ok(resp, status=200):
    assert resp.status_code == status, resp.text
    return resp.json()


class Edition:
    """The five services and one cycle driven through their routes."""

    def __init__(self, service_factory, rabbit_config, tmp_path):
        self.amqp = rabbit_config["AMQP_URI"]
        self.svc = {
            "intake": service_factory(IntakeService, clock="fixed:2019-03-01T09:00:00+08:00",
                                      extra={"DOCUMENT_DIR": str(tmp_path / "documents")}),
            "scoring": service_factory(ScoringService, clock="fixed:2019-07-01T09:00:00+08:00"),
            "supervision": service_factory(SupervisionService, clock="fixed:2019-03-01T09:00:00+08:00"),
            "publicity": service_factory(PublicityService, clock="simulated:2019-09-27T10:00:00+08:00",
                                         extra={"NOTICE_TIMER_SECONDS": 3600}),
            "revocation": service_factory(RevocationService, clock="fixed:2020-12-01T09:00:00+08:00",
                                          extra={"DOCUMENT_DIR": str(tmp_path / "evidence")}),
        }
        self.params = {"cycle_id": CYCLE}

    def client(self, service):
        return self.svc[service].client

    def path(self, url):
        for name, value in self.params.items():
            url = url.replace(f"<{name}>", value)
        assert "<" not in url, f"no value for a path parameter of {url}"
        return url

    # -- the cycle --------------------------------------------------------------------------
    def open_with_an_application(self):
        c = self.client("intake")
        ok(c.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE}), 201)
        scheme = ok(c.post(f"/v1/cycles/{CYCLE}/review-scheme", "office", json_body={}), 201)
        ok(c.post(f"/v1/cycles/{CYCLE}/review-scheme/decision", "leading_group", json_body={
            "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "领导小组审定评审方案"}))
        ok(c.post(f"/v1/cycles/{CYCLE}/notice", "office", json_body={"text": "关于组织申报2019年度济南市市长质量奖的通知"}),
           201)
        app = ok(c.post(f"/v1/cycles/{CYCLE}/applications", "applicant", sub="unit-a",
                        json_body=examples.unit_form()), 201)
        application_id = app["application_id"]
        for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
            doc = ok(c.post(f"/v1/applications/{application_id}/documents", "applicant", sub="unit-a",
                            json_body=doc), 201)
        ok(c.post(f"/v1/applications/{application_id}/submit", "applicant", sub="unit-a"))
        self.params.update(application_id=application_id, document_id=doc["document_id"])
        for service in ("scoring", "supervision", "publicity", "revocation"):
            wait_for(lambda: self.client(service).get(f"/v1/cycles/{CYCLE}", "office").status_code == 200,
                     message=f"{service} to learn the cycle")
        wait_for(lambda: self.client("scoring").get(f"/v1/applications/{application_id}", "office")
                 .status_code == 200, message="scoring to learn the application")

    def propose_agency_and_group(self):
        ok(self.client("scoring").post(f"/v1/cycles/{CYCLE}/third-party", "office", json_body={
            "name": "山东质量评价研究院", "credit_code": examples.credit_code(body="87654321"),
            "staff_subjects": AGENCY_2019}), 201)
        ok(self.client("supervision").post(f"/v1/cycles/{CYCLE}/group", "office", json_body={"members": [
            {"person_id": pid, "kind": MEMBER_KINDS[i % 5], "name": f"监督员{i}"} for i, pid in enumerate(GROUP_2019)]}),
           201)

    def approve_agency_and_group(self):
        ok(self.client("scoring").post(f"/v1/cycles/{CYCLE}/third-party/approval", "leading_group",
                                       json_body={"decision": "领导小组会议纪要"}))
        ok(self.client("supervision").post(f"/v1/cycles/{CYCLE}/group/approve", "leading_group", json_body={}))

    def another_cycles_agency_and_group(self):
        """cycle-2021's agency and group, as their publishers announce them to every service."""
        publish_event(self.amqp, "scoring", "agency.appointed", {
            "cycle_id": "cycle-2021", "name": "另一评价机构", "credit_code": examples.credit_code(body="11223344"),
            "staff_subjects": ["tp-2021"], "approved_by": "lg", "appointed_at": "2021-04-01T09:00:00+08:00"})
        publish_event(self.amqp, "supervision", "supervision.group_appointed", {
            "cycle_id": "cycle-2021", "members": {"npc_deputy": ["另一代表"]}, "member_subjects": ["sv-2021"]})

    def supervise(self):
        """A hold on the application, a complaint, an opinion, and a staff member disqualified."""
        s, application_id = self.client("supervision"), self.params["application_id"]
        finding = ok(s.post("/v1/findings", SUPERVISOR, sub=GROUP_2019[0], json_body={
            "cycle_id": CYCLE, "kind": "procedural", "step": "district_review", "subject": application_id,
            "article": "Art. 14", "summary": "区县初审推荐程序存疑，待核实", "evidence": ["投诉举报材料"], "halt": True}), 201)
        self.params.update(finding_id=finding["finding_id"], hold_id=finding["hold"]["hold_id"])
        ok(s.post("/public/v1/complaints", json_body={"cycle_id": CYCLE, "content": "评审程序不规范",
                                                       "complainant": {"name": "公众乙", "contact": "13700000000"}}),
           201)
        [complaint] = ok(s.get(f"/v1/complaints?cycle_id={CYCLE}", "leading_group"))["complaints"]
        self.params["complaint_id"] = complaint["complaint_id"]
        ok(s.post("/v1/opinions", SUPERVISOR, sub=GROUP_2019[0], json_body={
            "cycle_id": CYCLE, "application_id": application_id, "opinion": "建议关注其质量事故记录"}), 201)
        ok(s.post("/v1/findings", SUPERVISOR, sub=GROUP_2019[0], json_body={
            "cycle_id": CYCLE, "kind": "review_staff", "step": "material_review", "summary": "向申报单位泄露评审信息",
            "evidence": ["通话记录"], "staff_subject": "tp-out", "staff_role": THIRD_PARTY,
            "misconduct": "favouritism", "harm": "评审信息外泄"}), 201)

    def publicise(self):
        """The list, deliberation, the public notice and an objection (publicity, Art. 16, 17)."""
        p, application_id = self.client("publicity"), self.params["application_id"]
        publish_event(self.amqp, "scoring", "candidates.proposed", {"cycle_id": CYCLE, "list_id": "list-1", "categories": [
            {"category": "unit_award", "vacancies": 3, "candidates": [
                {"rank": 1, "application_id": application_id, "applicant_name": "济南示例精密机械有限公司",
                 "score": 861.0}]}]})
        wait_for(lambda: p.get(f"/v1/cycles/{CYCLE}/candidates", "office").status_code == 200, message="the list")
        ok(p.post(f"/v1/cycles/{CYCLE}/deliberation", "leading_group", json_body={
            "meeting_date": "2019-09-20", "members_present": ["组长", "副组长"],
            "decisions": [{"application_id": application_id, "decision": "adopted"}]}), 201)
        ok(p.post(f"/v1/cycles/{CYCLE}/public-notice", "office", json_body={
            "media": [{"name": "济南日报", "date": "2019-09-27", "page": "A3"}]}), 201)
        tracking = ok(p.post("/public/v1/objections", json_body={
            "application_id": application_id, "content": "公示对象存在未披露的质量问题", "objector_name": "公众甲",
            "objector_contact": "13900000000"}), 201)["tracking_number"]
        [objection] = [o for o in ok(p.get("/v1/objections", "office"))["objections"]
                       if o["tracking_number"] == tracking]
        self.params["objection_id"] = objection["objection_id"]

    def revoke(self):
        """An award of cycle-2019 as publicity grants it, and a revocation case on it (and the
        opinion publicity received, whose read is scoped too)."""
        # the supervision group's opinion (supervise, before this), as publicity received it
        p, r = self.client("publicity"), self.client("revocation")
        opinions = wait_for(lambda: ok(p.get(f"/v1/cycles/{CYCLE}/opinions", "office"))["opinions"],
                            message="publicity's copy of the opinion")
        self.params["opinion_id"] = opinions[0]["opinion_id"]
        commit_events(self.svc["publicity"], "award.granted", [{
            "award_id": "award-2019-u1", "application_id": self.params["application_id"], "cycle_id": CYCLE,
            "certificate_number": "JNSZ-2019-U-001", "recipient_name": "济南示例精密机械有限公司",
            "credit_code": examples.credit_code(), "category": "unit_award", "items": ["trophy", "certificate"],
            "prize_amount": "500000.00", "granted_at": "2019-12-20T10:00:00+08:00"}])
        wait_for(lambda: r.get("/v1/awards/award-2019-u1", "office").status_code == 200, message="the award")
        case = ok(r.post("/v1/cases", "office", json_body={
            "award_id": "award-2019-u1", "grounds": [{"item": "Art. 29(2)", "fact": "发生较大生产安全事故",
                                                      "fact_date": "2020-08-01"}],
            "evidence": [{"filename": "事故调查报告.pdf", "media_type": "application/pdf",
                          "content": base64.b64encode(b"%PDF-1.7\n").decode()}]}), 201)
        self.params.update(award_id="award-2019-u1", case_id=case["case_id"])

    def close(self):
        ok(self.client("intake").post(f"/v1/cycles/{CYCLE}/no-award", "leading_group",
                                      json_body={"decision": "领导小组决定本届不评奖"}), 201)
        ok(self.client("intake").post(f"/v1/cycles/{CYCLE}/close", "office", json_body={
            "reason": "评审工作结束", "outcome": "no_award"}))

    def roster(self, service):
        with self.svc[service].engine.connect() as conn:
            return set(conn.execute(sa.select(db.cycle_rosters.c.cycle_id, db.cycle_rosters.c.role)).all())

    # -- the walk -----------------------------------------------------------------------------
    def audited(self, service, principals):
        """Audit rows written by these callers (other rows come and go with the bus)."""
        subs = sorted({sub for _, sub in principals})
        with self.svc[service].engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)
                                .where(db.audit_log.c.actor.in_(subs))).scalar_one()

    def may_call(self, roles, role):
        return not roles or role in roles

    def walk(self, principals, *, expect_read, only_where_office_reads=False):
        """Call every scoped route of every service as each (role, sub); return how many calls."""
        calls = 0
        for service in CLASSES:
            client = self.client(service)
            before = self.audited(service, principals)
            for url, roles in scoped_routes(service):
                if any(f"<{name}>" in url for name in ("stage", "fmt")):
                    continue
                try:
                    path = self.path(url)
                except AssertionError:
                    if only_where_office_reads:
                        continue
                    raise
                listing = "<" not in url and "cycle_id" not in url
                if only_where_office_reads and client.get(path, "office" if "office" in roles or not roles
                                                          else sorted(roles)[0]).status_code != 200:
                    continue
                for role, sub in principals:
                    if not self.may_call(roles, role):
                        continue
                    resp = client.get(path, role, sub=sub)
                    calls += 1
                    where = f"{service} GET {path} as {role} {sub}"
                    if expect_read:  # the route's own rules may still refuse (a supervisor reads no documents)
                        assert resp.status_code != 403 or resp.json()["error"]["code"] not in CYCLE_CODES, \
                            f"{where}: {resp.text}"
                        continue
                    if listing:
                        assert resp.status_code == 200, f"{where}: {resp.text}"
                        [items] = [v for v in resp.json().values() if isinstance(v, list)]
                        assert not [i for i in items if i.get("cycle_id") == CYCLE], f"{where}: {items}"
                    else:
                        assert resp.status_code == 403, f"{where}: {resp.status_code} {resp.text}"
                        error = resp.json()["error"]
                        assert error["code"] in CYCLE_CODES and error["article"] in ("Art. 7", "Art. 9", "Art. 27"), \
                            f"{where}: {error}"
            if not expect_read:  # a refusal writes nothing, not even an audit row
                assert self.audited(service, principals) == before, service
        return calls


# the subject is who may read which cycle (Art. 7, 9, 27), decided in the routes, not the
# database: the services' own tests run each route's queries on both engines
@pytest.mark.engines("postgresql")
def test_art7_art9_art27_cycle_scoped_roles_read_only_their_own_cycle(service_factory, rabbit_config, tmp_path):
    edition = Edition(service_factory, rabbit_config, tmp_path)
    edition.open_with_an_application()
    edition.propose_agency_and_group()
    # before the leading group approved them: the agency's staff and the group read nothing
    before = [(THIRD_PARTY, "tp-2019"), (SUPERVISOR, GROUP_2019[1])]
    assert edition.walk(before, expect_read=False, only_where_office_reads=True) >= 10

    edition.approve_agency_and_group()
    edition.another_cycles_agency_and_group()
    wait_for(lambda: edition.client("intake").get(f"/v1/applications/{edition.params['application_id']}",
                                                  THIRD_PARTY, sub="tp-2019").status_code == 200,
             message="intake to learn the agency")
    edition.publicise()
    edition.supervise()
    edition.revoke()
    for service in CLASSES:  # every service learned the hold, the other cycle and the disqualification
        wait_for(lambda: any(h["cycle_id"] == CYCLE for h in edition.client(service).get(
            "/admin/v1/holds", "office").json()["holds"]), message=f"{service} to learn the hold")
        learned = {(CYCLE, "disqualified")} | ({("cycle-2021", SUPERVISOR)} if service != "supervision" else set())
        wait_for(lambda: edition.roster(service) >= learned,  # supervision records its own, at once
                 message=f"{service} to learn the other cycle's group and the disqualification")

    appointed = [(THIRD_PARTY, "tp-2019"), (SUPERVISOR, GROUP_2019[1])]
    assert edition.walk(appointed, expect_read=True) >= 30
    outsiders = [(THIRD_PARTY, "tp-nobody"), (THIRD_PARTY, "tp-2021"), (THIRD_PARTY, "tp-out"),
                 (SUPERVISOR, "sv-nobody"), (SUPERVISOR, "sv-2021")]
    assert edition.walk(outsiders, expect_read=False) >= 90
    refused = edition.client("intake").get(f"/v1/applications/{edition.params['application_id']}", THIRD_PARTY,
                                           sub="tp-out").json()["error"]
    assert refused["article"] == "Art. 27"  # disqualified, not merely off the staff

    edition.close()  # the group dissolves with the cycle (Art. 9); the agency's work ends
    for service in CLASSES:
        wait_for(lambda: edition.client(service).get("/admin/v1/holds", SUPERVISOR, sub=GROUP_2019[1]).json()
                 ["holds"] == [], message=f"{service} to learn the group's dissolution")
    assert edition.walk(appointed, expect_read=False) >= 30
