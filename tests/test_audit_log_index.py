"""A fixed or simulated clock resumes from its last move at every start (clock_provider): on
every service's migrated database that read goes through the audit log's index by action
(kit v2), not through years of audit rows."""
import pytest
import sqlalchemy as sa

from award_shared.bus.topology import SERVICES
from award_shared.clock_provider import LAST_MOVES
from award_shared.store.migrations import upgrade


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_clocks_last_move_is_read_by_the_index(service, database_url_factory, db_engine):
    url = database_url_factory(service)
    upgrade(f"award_{service}", url)
    engine = sa.create_engine(url)
    sql = str(LAST_MOVES.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    try:
        with engine.connect() as conn:
            if db_engine == "sqlite":
                plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            else:  # an empty table is scanned anyway; forbid that to see whether the index serves
                conn.exec_driver_sql("SET enable_seqscan = off")
                plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
    finally:
        engine.dispose()
    assert "ix_audit_log_action" in plan, plan
