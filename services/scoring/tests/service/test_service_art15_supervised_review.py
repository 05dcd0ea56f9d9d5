"""Art. 15: 评审过程接受评审监督小组的监督 — the qualification review of a cycle opens only
once scoring has heard ``supervision.group_appointed`` for it."""
from award_scoring import tables
from award_testing.helpers import wait_for


def test_art15_the_qualification_review_waits_for_the_supervision_group(desk_factory, service_factory):
    desk = desk_factory(panel_size=3)
    other = desk.__class__(desk.svc, desk.amqp_uri, cycle_id="cycle-2021", ruleset=desk.ruleset)
    other.open_cycle(supervised=False)
    path = f"/v1/cycles/{other.cycle_id}/stages/qualification_review/open"
    refused = other.as_agency("POST", path, {})
    error = refused.json()["error"]
    assert refused.status_code == 409 and error["code"] == "no_supervision_group" and error["article"] == "Art. 15"
    assert "第十五条" in error["message"] and not other.outbox("cycle.step_opened")

    other.appoint_group()
    assert other.row(tables.supervision_groups, cycle_id="cycle-2021")["group_id"] == "group-cycle-2021"
    assert other.as_agency("POST", path, {}).status_code == 200
    wait_for(lambda: other.outbox("cycle.step_opened"), message="the stage opened")
