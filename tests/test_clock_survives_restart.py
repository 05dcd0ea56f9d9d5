"""Issue 11, item 13: a simulated business clock survives a restart. Every move an operator
makes is audited with the state to resume; a restarted service resumes from its last move
under the same CLOCK setting, having run on meanwhile. The wall clock is never moved."""
from datetime import datetime

from award_publicity.service import PublicityService

SIMULATED = "simulated:2019-03-01T09:00:00+08:00"


def now_of(svc):
    return datetime.fromisoformat(svc.client.get("/admin/v1/clock", "operator").json()["now"])


def test_art31_a_moved_simulated_clock_resumes_after_a_restart(service_factory):
    first = service_factory(PublicityService, clock=SIMULATED)
    moved = first.client.post("/admin/v1/clock", "operator", json_body={"at": "2019-09-27T10:00:00+08:00"})
    assert moved.status_code == 200, moved.text
    first.stop()
    again = service_factory(PublicityService, clock=SIMULATED, database_url=first.database_url)
    resumed = now_of(again)
    assert datetime.fromisoformat("2019-09-27T10:00:00+08:00") <= resumed
    assert (resumed - datetime.fromisoformat("2019-09-27T10:00:00+08:00")).total_seconds() < 600  # it ran on
    again.stop()
    # another CLOCK setting starts afresh from it
    other = service_factory(PublicityService, clock="simulated:2021-03-01T09:00:00+08:00",
                            database_url=first.database_url)
    assert now_of(other).year == 2021
