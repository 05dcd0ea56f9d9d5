"""Issue 11, item 13: setting the simulated time is one operator action for the whole suite.
``award-clock`` sets every service through its own admin route and reports each; a service
on the wall clock refuses to be moved, as before, and the command says so and fails."""
import io

import pytest

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.web.keys import PRIVATE_KEY_NAME, mint
from award_supervision.service import SupervisionService
from award_tools import clock as award_clock

# the subject is the command over each service's admin route, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

START = "simulated:2019-03-01T09:00:00+08:00"


def test_award_clock_sets_every_service_and_reports_each(service_factory, key_dir, monkeypatch):
    """Where the six answer is one setting (issue 32, item 5): --service over $AWARD_SERVICE_URLS."""
    started = {cls.name: service_factory(cls, clock=START) for cls in (
        IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)}
    intake = started["intake"]
    monkeypatch.setenv("AWARD_SERVICE_URLS", ",".join(
        f"{n}={svc.client.base_url if n != 'scoring' else 'http://127.0.0.1:9'}" for n, svc in started.items()))
    argv = ["--key-dir", key_dir, "--service", f"scoring={started['scoring'].client.base_url}"]
    assert award_clock.main(argv + ["--at", "2019-06-01T09:00:00+08:00", "--reason", "replay: district review"]) == 0
    for svc in started.values():
        now = svc.client.get("/admin/v1/clock", "operator").json()["now"]
        assert now.startswith("2019-06-01T01:00")  # 09:00 Beijing, in UTC
    audit = intake.client.every_page("/admin/v1/audit", "entries", "operator")
    assert any(e["action"] == "clock.set" and e["reason"] == "replay: district review" for e in audit)


def test_award_clock_reports_a_wall_clock_service_that_refuses(service_factory, key_dir):
    intake = service_factory(IntakeService, clock=START)
    supervision = service_factory(SupervisionService, clock="wall")
    token = mint(f"{key_dir}/{PRIVATE_KEY_NAME}", "operator-test", ["operator"])
    out = io.StringIO()
    ok = award_clock.run({"intake": intake.client.base_url, "supervision": supervision.client.base_url},
                         token, at="2019-06-01T09:00:00+08:00", out=out)
    lines = out.getvalue().splitlines()
    assert not ok and lines[0].startswith("intake") and "simulated" in lines[0]
    assert lines[1].startswith("supervision") and "refused (409)" in lines[1] and "wall clock" in lines[1]
