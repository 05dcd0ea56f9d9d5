"""Test helpers of scoring: the 2018 rule set as cycle.opened carries it, valid payloads,
score sheets within the caps, and a desk that drives a running scoring service.

Intake's and supervision's events are published straight onto their exchanges in the
test's vhost (a valid envelope from ``award_shared.events.envelope.build``), as those
services would; the service under test cannot tell the difference.
"""
import hashlib
import json
import zlib

import sqlalchemy as sa

from award_rules.identifiers import credit_code_check_char, organisation_code_check_char
from award_rules.ruleset import canonical_sha256
from award_scoring import tables
from award_shared import tables as kit_tables
from award_shared.events.schemas import SUBJECT_FIELD
from award_shared.store import db
from award_testing.helpers import publish_event, ruleset_2018, wait_for  # noqa: F401 (ruleset_2018: re-exported)

CYCLE = "cycle-2019"
CLOCK_2019 = "fixed:2019-07-01T09:00:00+08:00"
AGENCY_STAFF = "agency-zhang"


SCORED = ("material_review", "onsite_review", "defense")


def credit_code(n, prefix="913701"):
    """A valid unified social credit code (GB 32100: both check characters right)."""
    body = f"{n % 10**8:08d}"
    first17 = prefix[:2] + "370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


AGENCY_CODE = credit_code(77_000_001)


def person_key(name):
    return hashlib.sha256(f"person {name}".encode()).hexdigest()


def unit_sheet(ruleset, fraction, comments="材料翔实，过程规范。"):
    """Scores for every GB/T 19580 category at ``fraction`` of its cap (total = fraction × 1000)."""
    return {"scores": {k: round(cap * fraction, 2) for k, cap in ruleset["review"]["gbt19580"].items()},
            "comments": comments}


def individual_sheet(ruleset, fraction, comments="贡献突出。"):
    return {"scores": {k: round(cap * fraction, 2) for k, cap in ruleset["review"]["individual_rubric"].items()},
            "comments": comments}


def all_conditions_met(ruleset, kind):
    return {"conditions": [{"item": c["item"], "met": True, "reason": "经核查符合"}
                           for c in ruleset["eligibility"][kind]["conditions"]]}


def publish(amqp_uri, source, event_type, data, **kw):
    """Put one valid event on ``<source>.events`` as that service's relay would."""
    return publish_event(amqp_uri, source, event_type, data, **kw)


class Desk:
    """Drives one running scoring service the way the office, the third party, experts,
    intake and supervision would."""

    def __init__(self, svc, amqp_uri, cycle_id=CYCLE, ruleset=None):
        self.svc = svc
        self.amqp_uri = amqp_uri
        self.cycle_id = cycle_id
        self.ruleset = ruleset or ruleset_2018()
        self.sequences = {}
        self.district_confirmed = {}

    # -- the bus -----------------------------------------------------------------------
    def publish(self, source, event_type, data, **kw):
        key = (source, data[SUBJECT_FIELD[event_type]])
        self.sequences[key] = self.sequences.get(key, 0) + 1
        kw.setdefault("sequence", self.sequences[key])
        return publish(self.amqp_uri, source, event_type, data, **kw)

    def outbox(self, event_type=None):
        """Events scoring committed (in order), as envelopes."""
        query = sa.select(db.outbox).order_by(db.outbox.c.id)
        if event_type:
            query = query.where(db.outbox.c.type == event_type)
        with self.svc.engine.connect() as conn:
            return [json.loads(r["body"]) for r in conn.execute(query).mappings()]

    def audit(self, action=None):
        query = sa.select(db.audit_log).order_by(db.audit_log.c.id)
        if action:
            query = query.where(db.audit_log.c.action == action)
        with self.svc.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def row(self, table, **where):
        with self.svc.engine.connect() as conn:
            query = sa.select(table)
            for key, value in where.items():
                query = query.where(table.c[key] == value)
            found = conn.execute(query).mappings().first()
            return dict(found) if found else None

    # -- HTTP as each role ---------------------------------------------------------------
    def as_agency(self, method, path, body=None):
        return self.svc.client.call(method, path, "third_party", sub=AGENCY_STAFF, json_body=body)

    def as_office(self, method, path, body=None):
        return self.svc.client.call(method, path, "office", sub="office-li", json_body=body)

    def as_expert(self, subject, method, path, body=None):
        return self.svc.client.call(method, path, "expert", sub=subject, json_body=body)

    # -- setting the scene ------------------------------------------------------------------
    def open_cycle(self, supervised=True):
        """cycle.opened, the third party appointed and (``supervised``) the supervision group
        appointed, which the review needs before it opens (Art. 15)."""
        self.publish("intake", "cycle.opened", {
            "cycle_id": self.cycle_id, "edition": 2019, "ruleset": self.ruleset, "ruleset_id": self.ruleset["id"],
            "ruleset_sha256": canonical_sha256(self.ruleset),
            "schedule": {"application": "2019-05-31T17:00:00+08:00"},
            "opened_at": "2019-03-01T09:00:00+08:00"})
        wait_for(lambda: self.row(kit_tables.known_cycles, cycle_id=self.cycle_id),
                 message="scoring to learn the cycle")
        resp = self.as_office("POST", f"/v1/cycles/{self.cycle_id}/third-party", {
            "name": "山东示例质量评价中心", "credit_code": AGENCY_CODE, "staff_subjects": [AGENCY_STAFF]})
        assert resp.status_code == 201, resp.text
        resp = self.svc.client.call("POST", f"/v1/cycles/{self.cycle_id}/third-party/approval", "leading_group",
                                    sub="leading-group-wang", json_body={"decision": "领导小组审定委托"})
        assert resp.status_code == 200, resp.text  # Art. 7 LG(3): the leading group entrusts it
        if supervised:
            self.appoint_group()
        return self

    def appoint_group(self):
        self.publish("supervision", "supervision.group_appointed", {
            "cycle_id": self.cycle_id, "group_id": f"group-{self.cycle_id}", "members": {
                "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"],
                "media": ["钱记者"], "lawyer": ["孙律师"]}})
        wait_for(lambda: self.row(tables.supervision_groups, cycle_id=self.cycle_id),
                 message="scoring to learn the supervision group")

    def seat_group(self, subjects, cycle_id=None, dissolved=False):
        """``supervision.group_appointed`` (or ``_dissolved``) naming the members' accounts, as
        supervision announces them; waits until scoring's roster holds them (Art. 9)."""
        cycle_id = cycle_id or self.cycle_id
        self.publish("supervision", "supervision.group_dissolved" if dissolved else "supervision.group_appointed", {
            "cycle_id": cycle_id, "group_id": f"group-{cycle_id}", "member_subjects": list(subjects), "members": {
                "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"],
                "media": ["钱记者"], "lawyer": ["孙律师"]}})
        status = "ended" if dissolved else "appointed"

        def seated():
            row = self.row(db.cycle_rosters, cycle_id=cycle_id, role="supervisor") or {}
            return row.get("status") == status and set(subjects) <= set(json.loads(row.get("subjects") or "[]"))
        wait_for(seated, message=f"scoring to learn the group of {cycle_id} ({status})")

    def expert(self, subject, sectors=("secondary",), employer_code=None, **extra):
        body = {"subject": subject, "name": f"专家{subject}", "affiliation_kind": "university",
                "employer_name": "山东大学", "employer_credit_code": employer_code or credit_code(900000 + len(subject)),
                "sectors": list(sectors), **extra}
        resp = self.as_agency("POST", f"/v1/cycles/{self.cycle_id}/experts", body)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def experts(self, n, prefix="exp", sectors=("secondary",)):
        return [self.expert(f"{prefix}-{i:02d}", sectors=sectors)["subject"] for i in range(n)]

    def application(self, app_id, *, kind="unit", sector="secondary", code=None, tilt=(), recommend=True,
                    name=None, wait=True, district_confirms=None):
        """Intake's events for one application; the district confirms ``district_confirms``
        of its Art. 11 tilt claims (default: all of them)."""
        data = {"application_id": app_id, "cycle_id": self.cycle_id, "kind": kind,
                "applicant_name": name or f"申报{app_id}", "district": "历下区", "sector": sector,
                "tilt_claims": list(tilt), "submitted_at": "2019-05-20T10:00:00+08:00"}
        if kind == "unit":
            data["credit_code"] = code or credit_code(zlib.crc32(app_id.encode()))
        else:
            data["person_key"] = person_key(app_id)
            data["employer_credit_code"] = code or credit_code(zlib.crc32(app_id.encode()))
        self.publish("intake", "application.submitted", data)
        if recommend:
            self.publish("intake", "application.recommended", {
                "application_id": app_id, "cycle_id": self.cycle_id, "district": "历下区",
                "reviewer": "lixia-coordinator", "opinion": "经初审，同意推荐。",
                "tilt_confirmed": list(tilt if district_confirms is None else district_confirms)})
            self.district_confirmed[app_id] = list(tilt if district_confirms is None else district_confirms)
        if wait:
            wait_for(lambda: (self.row(tables.applications, application_id=app_id) or {}).get(
                "recommended_at" if recommend else "submitted_sequence"), message=f"{app_id} in the replica")
        return data

    def stage(self, step, action):
        resp = self.as_agency("POST", f"/v1/cycles/{self.cycle_id}/stages/{step}/{action}", {})
        assert resp.status_code == 200, resp.text
        return resp.json()

    def assign(self, app_id, **body):
        return self.as_agency("POST", f"/v1/applications/{app_id}/assignments", body or {"mode": "auto"})

    def qualify(self, app_id, kind="unit", tilts=None):
        """Pass the qualification review; the third party confirms ``tilts`` (default: every
        tilt the district confirmed)."""
        confirms = self.district_confirmed.get(app_id, []) if tilts is None else tilts
        body = dict(all_conditions_met(self.ruleset, kind),
                    tilts=[{"kind": k, "confirmed": True, "reason": "证明材料核实"} for k in confirms])
        resp = self.as_agency("POST", f"/v1/applications/{app_id}/reviews/qualification_review", body)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def qualified_panel(self, experts, app_id="app-1"):
        """``experts`` experts, one recommended unit application with its panel, through the
        qualification review; the panel."""
        self.experts(experts)
        self.application(app_id)
        panel = self.assign(app_id).json()["panel"]
        self.stage("qualification_review", "open")
        self.qualify(app_id)
        self.stage("qualification_review", "close")
        return panel

    def review_until(self, step, app_ids, fraction=0.8):
        """Qualify ``app_ids``, have their panels score every stage before ``step`` at ``fraction``,
        and open ``step``."""
        self.stage("qualification_review", "open")
        for app_id in app_ids:
            self.qualify(app_id)
        self.stage("qualification_review", "close")
        for scored in SCORED[:SCORED.index(step)]:
            self.score_stage(scored, {app_id: fraction for app_id in app_ids})
        self.stage(step, "open")

    def sheet(self, expert, app_id, step, fraction, kind="unit", **extra):
        body = (unit_sheet if kind == "unit" else individual_sheet)(self.ruleset, fraction)
        body.update(extra)
        return self.as_expert(expert, "POST", f"/v1/applications/{app_id}/reviews/{step}", body)

    def score_stage(self, step, plan, kinds=None):
        """Open ``step``, have every panel member score each application of ``plan``
        (app -> fraction, or a list of fractions, one per panel member), close it."""
        self.stage(step, "open")
        for app_id, fractions in plan.items():
            panel = self.panel(app_id)
            if not isinstance(fractions, (list, tuple)):
                fractions = [fractions] * len(panel)
            for expert, fraction in zip(panel, fractions):
                resp = self.sheet(expert, app_id, step, fraction, kind=(kinds or {}).get(app_id, "unit"))
                assert resp.status_code == 201, resp.text
        return self.stage(step, "close")

    def review(self, plan, kinds=None, fail=None):
        """The whole review of Art. 15 for ``plan`` (app -> fraction for every scored stage);
        ``fail`` (app -> [item, reason]) fails applications at the qualification review."""
        kinds = kinds or {}
        self.stage("qualification_review", "open")
        for app_id in list(plan) + list(fail or {}):
            if app_id in (fail or {}):
                item, reason = fail[app_id]
                body = all_conditions_met(self.ruleset, kinds.get(app_id, "unit"))
                for condition in body["conditions"]:
                    if condition["item"] == item:
                        condition.update(met=False, reason=reason)
                resp = self.as_agency("POST", f"/v1/applications/{app_id}/reviews/qualification_review", body)
                assert resp.status_code == 201, resp.text
            else:
                self.qualify(app_id, kinds.get(app_id, "unit"))
        self.stage("qualification_review", "close")
        for step in SCORED:
            self.score_stage(step, plan, kinds)

    def report_results(self, summary="四个评审环节已结束，现将评审结果汇总报告如下。"):
        """The agency reports the review results to the office (Art. 8(3)), which the list follows."""
        resp = self.as_agency("POST", f"/v1/cycles/{self.cycle_id}/results-report", {"summary": summary})
        assert resp.status_code == 201, resp.text
        return resp.json()

    def panel(self, app_id):
        resp = self.as_agency("GET", f"/v1/applications/{app_id}/assignments")
        assert resp.status_code == 200, resp.text
        return resp.json()["panel"]

    def hold(self, hold_id, step, subject=None, release=False):
        data = {"hold_id": hold_id, "cycle_id": self.cycle_id, "step": step, "subject": subject,
                "placed_by": "supervisor-wang", "placed_by_service": "supervision", "reason": "核查举报",
                "article": "Art. 26"}
        if release:
            data = {k: v for k, v in data.items() if k not in ("placed_by", "placed_by_service", "article")}
            data.update(released_by="supervisor-wang", reason="核查完毕")
            self.publish("supervision", "hold.released", data)
            wait_for(lambda: (self.row(db.holds, hold_id=hold_id) or {}).get("status") == "released",
                     message=f"{hold_id} released")
        else:
            self.publish("supervision", "hold.placed", data)
            wait_for(lambda: self.row(db.holds, hold_id=hold_id), message=f"{hold_id} placed")
