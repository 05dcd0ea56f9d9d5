"""Publicity's migrations beyond "the tables the code uses" (tests/test_kit_service.py): the
objections received before revision 0005 are matched as identical ones are after it (issue 29)."""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import command

from award_publicity.domain.objections import duplicate_key
from award_shared.store.migrations import alembic_config, upgrade

OBJECTION = dict(cycle_id="cycle-2019", application_id="u-2", notice_id="notice-1", status="received",
                 hold_id="hold-1", content="该单位2018年曾发生质量事故。", received_at=datetime(2019, 9, 27, tzinfo=timezone.utc))


def test_0005_keys_the_signed_objections_already_received_and_not_the_unsigned_or_erased(database_url_factory):
    url = database_url_factory("publicity")
    upgrade("award_publicity", url, "0004")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    before = sa.table("objections", *(sa.column(c) for c in (
        "objection_id", "tracking_number", "objector_name", "objector_contact", *OBJECTION)))
    with engine.begin() as conn:
        conn.execute(before.insert(), [
            dict(OBJECTION, objection_id="signed", tracking_number="YY1", objector_name="王某某 ",
                 objector_contact="13800000000"),
            dict(OBJECTION, objection_id="unsigned", tracking_number="YY2", objector_name=" ", objector_contact=" "),
            dict(OBJECTION, objection_id="erased", tracking_number="YY3", objector_name=None, objector_contact=None)])
    upgrade("award_publicity", url)
    with engine.connect() as conn:
        keys = dict(conn.execute(sa.text("SELECT objection_id, duplicate_key FROM objections")).all())
    assert keys == {"signed": duplicate_key(OBJECTION["content"], "王某某", "13800000000"),
                    "unsigned": None, "erased": None}
    command.downgrade(alembic_config("award_publicity", url), "0004")
    with engine.connect() as conn:
        assert "duplicate_key" not in {c["name"] for c in sa.inspect(conn).get_columns("objections")}
        assert conn.execute(sa.text("SELECT count(*) FROM objections")).scalar() == 3
    engine.dispose()
