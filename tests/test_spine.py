"""Suite test: all five services, each in its own container with its own port and database.

Opening a cycle at intake publishes ``cycle.opened``; each of the four others records it
and shows it through its own API.
"""
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService
from award_testing.helpers import wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


def test_cycle_opened_reaches_every_service(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    # feed is not among them: it follows the public events only (award.*), not the cycles
    others = [service_factory(cls, clock=CLOCK_2019)
              for cls in (ScoringService, SupervisionService, PublicityService, RevocationService)]

    resp = intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE})
    assert resp.status_code == 201, resp.text
    opened = resp.json()

    for service in others:
        def known(service=service):
            r = service.client.get(f"/v1/cycles/{opened['cycle_id']}", "office")
            return r.json() if r.status_code == 200 else None
        seen = wait_for(known, message=f"{service.service_name} to learn the cycle")
        assert seen["edition"] == 2019
        assert seen["ruleset_id"] == "jinan-2018"
        assert seen["ruleset_sha256"] == opened["ruleset_sha256"]
        assert seen["ruleset"]["categories"]["unit_award"]["quota"] == 5
