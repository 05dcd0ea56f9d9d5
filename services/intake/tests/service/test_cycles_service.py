"""Service tests of intake's cycles: one container, a real RabbitMQ vhost, a real database."""
import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared.store import db
from award_testing.helpers import count_rows, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE_2019 = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


def test_opening_a_cycle_commits_it_and_relays_cycle_opened(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    resp = intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE_2019})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["ruleset_id"] == "jinan-2018"
    with intake.engine.connect() as conn:
        row = conn.execute(sa.select(db.outbox)).mappings().one()
    assert row["type"] == "cycle.opened"

    def sent():
        with intake.engine.connect() as conn:
            return conn.execute(sa.select(db.outbox.c.sent_at)).scalar()
    wait_for(sent, message="the relay to confirm cycle.opened")


def test_art31_a_later_rule_set_is_a_file_not_a_code_change(service_factory, tmp_path):
    """A revision with other quotas, dropped in RULESET_DIRS, binds the cycles opened while it
    is in force; cycle.opened carries it whole, so no other service needs the file."""
    import json

    import yaml

    from award_intake.providers import RULESET_DIR
    with open(f"{RULESET_DIR}/jinan-2018.yaml", encoding="utf-8") as fh:
        later = yaml.safe_load(fh)
    later.update(id="jinan-2022", title="济南市市长质量奖管理办法（修订，示例）", supersedes="jinan-2018",
                 in_force_from="2022-01-01", in_force_to=None)
    later["categories"]["unit_award"]["quota"] = 6
    (tmp_path / "jinan-2022.yaml").write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")

    intake = service_factory(IntakeService, clock="fixed:2023-03-01T09:00:00+08:00",
                             extra={"RULESET_DIRS": str(tmp_path)})
    resp = intake.client.post("/v1/cycles", "office", json_body={
        "edition": 2023, "schedule": {"application": "2023-05-31T17:00:00+08:00"}})
    assert resp.status_code == 201, resp.text
    assert resp.json()["ruleset_id"] == "jinan-2022"
    with intake.engine.connect() as conn:
        body = json.loads(conn.execute(sa.select(db.outbox.c.body)).scalar_one())
    assert body["data"]["ruleset"]["categories"]["unit_award"]["quota"] == 6
    assert body["data"]["ruleset_id"] == "jinan-2022"


def test_art31_opening_a_cycle_on_a_day_no_rule_set_covers_is_refused(service_factory):
    intake = service_factory(IntakeService, clock="fixed:2022-03-01T09:00:00+08:00")
    resp = intake.client.post("/v1/cycles", "office", json_body={
        "edition": 2022, "schedule": {"application": "2022-05-31T17:00:00+08:00"}})
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["article"] == "Art. 31" and "must be loaded" in error["message_en"]
    assert count_rows(intake.engine, db.outbox) == 0


def test_art31_on_the_wall_clock_a_rule_set_written_by_award_ruleset_opens_a_cycle(service_factory, tmp_path):
    """Issue 32, item 13: on today's wall clock no shipped rule set is in force; one command writes
    one that is (``award-ruleset derive``), and intake started with it in RULESET_DIRS opens a cycle."""
    import json
    from datetime import datetime, timedelta, timezone

    from award_tools import ruleset as ruleset_cli
    assert ruleset_cli.main(["derive", "--from", "jinan-2018", "--id", "jinan-2024", "--in-force-from", "2024-01-01",
                             "--set", "categories.unit_award.quota=6", "--out", str(tmp_path),
                             "--ruleset-dirs", ""]) == 0
    intake = service_factory(IntakeService, clock="wall", extra={"RULESET_DIRS": str(tmp_path)})
    beijing = timezone(timedelta(hours=8))
    deadline = (datetime.now(beijing) + timedelta(days=60)).replace(hour=17, minute=0, second=0, microsecond=0)
    resp = intake.client.post("/v1/cycles", "office", json_body={"schedule": {"application": deadline.isoformat()}})
    assert resp.status_code == 201, resp.text
    assert resp.json()["ruleset_id"] == "jinan-2024"
    with intake.engine.connect() as conn:
        body = json.loads(conn.execute(sa.select(db.outbox.c.body)).scalar_one())
    assert body["data"]["ruleset"]["categories"]["unit_award"]["quota"] == 6
