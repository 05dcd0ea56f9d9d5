"""Suite test: from the district's recommendation to ``candidates.proposed`` on the bus.

Intake (its own container, port and database) opens the 2019 cycle under the 2018 rule
set; scoring learns it from ``cycle.opened``. The applications' ``application.submitted``
and ``application.recommended`` are put on ``intake.events`` as intake publishes them.
The third party registers experts, assigns panels, runs the four stages of Art. 15; the
office proposes the candidate list (Art. 16), which a subscriber of ``scoring.events``
receives.
"""
import hashlib
import json
from datetime import datetime, timezone

from kombu import Connection, Producer, Queue

from award_intake.service import IntakeService
from award_rules.identifiers import credit_code_check_char, organisation_code_check_char
from award_scoring.service import ScoringService
from award_shared.bus.topology import exchange_of
from award_shared.events import envelope
from award_testing.helpers import wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
AGENCY = "agency-staff-1"
WATCHED = ("panel.assigned", "application.ineligible", "review.stage_completed", "candidates.proposed")
GBT = {"leadership": 110, "strategy": 90, "customers_market": 90, "resources": 130, "process_management": 100,
       "measurement_analysis_improvement": 80, "results": 400}
RUBRIC = {"quality_awareness_innovation": 30, "contribution": 40, "recognition": 30}


def code(n):
    """A valid credit code (GB 32100): scoring checks it as intake does."""
    body = f"{n:08d}"
    first17 = "91370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


def publish_from_intake(amqp_uri, event_type, data, sequence, source="intake", subject=None):
    body = envelope.build(service=source, event_type=event_type, subject=subject or data["application_id"], data=data,
                          cycle_id=data["cycle_id"], sequence=sequence, time=datetime.now(timezone.utc))
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            json.dumps(body, ensure_ascii=False).encode(), exchange=exchange_of(source), routing_key=event_type,
            content_type="application/json", content_encoding="binary", delivery_mode=2)


def recommend(amqp_uri, cycle_id, app_id, n, kind, sector, tilt=()):
    data = {"application_id": app_id, "cycle_id": cycle_id, "kind": kind, "applicant_name": f"申报人{n}",
            "district": "历下区", "sector": sector, "tilt_claims": list(tilt)}
    if kind == "unit":
        data["credit_code"] = code(n)
    else:
        data["person_key"] = hashlib.sha256(f"person {n}".encode()).hexdigest()
        data["employer_credit_code"] = code(n)
    publish_from_intake(amqp_uri, "application.submitted", data, 1)
    publish_from_intake(amqp_uri, "application.recommended", {
        "application_id": app_id, "cycle_id": cycle_id, "district": "历下区", "reviewer": "lixia-coordinator",
        "opinion": "经初审，同意推荐。", "tilt_confirmed": list(tilt)}, 2)  # Art. 14: the district confirms the tilt


def sheet(kind, fraction):
    caps = GBT if kind == "unit" else RUBRIC
    return {"scores": {k: round(v * fraction, 2) for k, v in caps.items()}, "comments": "评审意见：符合评审标准。"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_from_recommendation_to_candidates_proposed(service_factory, rabbit_config):
    amqp_uri = rabbit_config["AMQP_URI"]
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    scoring = service_factory(ScoringService, clock=CLOCK_2019)
    client = scoring.client
    with Connection(amqp_uri) as conn:
        watch = [Queue("test.scoring-watch", exchange=exchange_of("scoring"), routing_key=t, durable=False,
                       auto_delete=False) for t in WATCHED]
        for queue in watch:
            queue(conn.default_channel).declare()

    cycle = ok(intake.client.post("/v1/cycles", "office", json_body={
        "edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00"}}), 201)
    cycle_id = cycle["cycle_id"]
    wait_for(lambda: client.get(f"/v1/cycles/{cycle_id}", "office").status_code == 200,
             message="scoring to learn the cycle")
    ok(client.post(f"/v1/cycles/{cycle_id}/third-party", "office", json_body={
        "name": "山东示例质量评价中心", "credit_code": code(1), "staff_subjects": [AGENCY]}), 201)
    ok(client.post(f"/v1/cycles/{cycle_id}/third-party/approval", "leading_group",  # Art. 7 LG(3)
                   json_body={"decision": "领导小组审定委托"}))

    def agency(method, path, body=None):
        return client.call(method, path, "third_party", sub=AGENCY, json_body=body)

    for sector in ("secondary", "tertiary"):
        for i in range(5):
            ok(agency("POST", f"/v1/cycles/{cycle_id}/experts", {
                "subject": f"{sector}-{i}", "name": f"专家{sector}{i}", "affiliation_kind": "university",
                "employer_name": "济南大学", "employer_credit_code": code(500 + i), "sectors": [sector]}), 201)

    plan = {  # application -> (kind, sector, tilt, fraction scored at each stage, or a failed condition)
        "u-1": ("unit", "secondary", (), 0.85), "u-2": ("unit", "secondary", ("ten_major_industries",), 0.62),
        "u-3": ("unit", "secondary", (), 0.52), "u-4": ("unit", "secondary", (), "Art. 10(5)"),
        "p-1": ("individual", "tertiary", (), 0.9), "p-2": ("individual", "tertiary", (), 0.55),
    }
    for n, (app_id, (kind, sector, tilt, _)) in enumerate(plan.items(), start=10):
        recommend(amqp_uri, cycle_id, app_id, n, kind, sector, tilt)

    def all_recommended():
        apps = ok(agency("GET", f"/v1/cycles/{cycle_id}/applications"))["applications"]
        return len(apps) == len(plan) and all(a["status"] == "recommended" for a in apps)
    wait_for(all_recommended, message="scoring to learn every recommended application")

    assigned = ok(agency("POST", f"/v1/cycles/{cycle_id}/assignments", {}))
    assert sorted(a["application_id"] for a in assigned["assigned"]) == sorted(plan)
    panels = {app_id: ok(agency("GET", f"/v1/applications/{app_id}/assignments"))["panel"] for app_id in plan}
    assert all(len(p) == 5 for p in panels.values())

    # Art. 15: the review runs under the supervision group, which supervision announces
    publish_from_intake(amqp_uri, "supervision.group_appointed", {"cycle_id": cycle_id, "members": {
        "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"], "media": ["钱记者"],
        "lawyer": ["孙律师"]}}, 1, source="supervision", subject=cycle_id)
    wait_for(lambda: agency("POST", f"/v1/cycles/{cycle_id}/stages/qualification_review/open", {}).status_code == 200,
             message="scoring to learn the supervision group and open the qualification review")
    for app_id, (kind, _, _, outcome) in plan.items():
        conditions = [{"item": f"Art. {10 if kind == 'unit' else 12}({i})", "met": True, "reason": "经核查符合"}
                      for i in range(1, 8)]
        if isinstance(outcome, str):
            conditions[4] = {"item": outcome, "met": False, "reason": "2018年发生较大生产安全事故"}
        tilts = [{"kind": k, "confirmed": True, "reason": "证明材料核实"} for k in plan[app_id][2]]  # Art. 11, 15
        ok(agency("POST", f"/v1/applications/{app_id}/reviews/qualification_review",
                  {"conditions": conditions, "tilts": tilts}), 201)
    ok(agency("POST", f"/v1/cycles/{cycle_id}/stages/qualification_review/close", {}))
    for step in ("material_review", "onsite_review", "defense"):
        ok(agency("POST", f"/v1/cycles/{cycle_id}/stages/{step}/open", {}))
        for app_id, (kind, _, _, fraction) in plan.items():
            if isinstance(fraction, str):
                continue
            for expert in panels[app_id]:
                ok(client.call("POST", f"/v1/applications/{app_id}/reviews/{step}", "expert", sub=expert,
                               json_body=sheet(kind, fraction)), 201)
        closed = ok(agency("POST", f"/v1/cycles/{cycle_id}/stages/{step}/close", {}))
        assert sorted(closed["completed"]) == ["p-1", "p-2", "u-1", "u-2", "u-3"]

    ok(agency("POST", f"/v1/cycles/{cycle_id}/results-report", {"summary": "评审结果汇总报告"}), 201)  # Art. 8(3)
    proposed = ok(client.post(f"/v1/cycles/{cycle_id}/candidates", "office", json_body={"reason": "评审结束"}), 201)
    assert proposed["cycle_id"] == cycle_id

    seen = {}
    with Connection(amqp_uri) as conn:
        queue = conn.SimpleQueue(watch[0])

        def candidates_arrived():
            try:
                message = queue.get(timeout=1)
            except queue.Empty:
                return False
            message.ack()
            body = json.loads(message.body)
            seen.setdefault(body["type"], []).append(body)
            return "candidates.proposed" in seen
        wait_for(candidates_arrived, message="candidates.proposed on scoring.events")
        queue.close()

    [event] = seen["candidates.proposed"]
    categories = {c["category"]: c for c in event["data"]["categories"]}
    listed = {k: [(c["application_id"], c["score"], c["pending"]) for c in v["candidates"]]
              for k, v in categories.items()}
    assert listed == {
        "unit_award": [("u-1", 850.0, False), ("u-2", 630.0, False)],  # 620 + the Art. 11 tilt of 10
        "unit_nomination": [("u-3", 520.0, False)],
        "individual_award": [("p-1", 90.0, False)],
        "individual_nomination": [("p-2", 55.0, False)],
    }
    assert {k: v["vacancies"] for k, v in categories.items()} == {
        "unit_award": 3, "unit_nomination": 2, "individual_award": 2, "individual_nomination": 1}
    assert event["source"] == "/jinan-quality-award/scoring" and event["cycleid"] == cycle_id
    assert "u-4" not in json.dumps(event["data"])
    assert {e["data"]["application_id"] for e in seen.get("application.ineligible", [])} == {"u-4"}
