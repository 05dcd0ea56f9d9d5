"""The operations lists every service inherits, a page at a time (docs/contract.md, "Lists a page
at a time"): ``GET /admin/v1/audit``, ``/admin/v1/dead-letters`` and ``/admin/v1/holds`` answer
``limit`` rows and ``next``; followed to the end, every row comes once, in the list's order, the
list's filter kept; a bad ``after`` is 422 naming it. One real service (intake), SQLite and
PostgreSQL; the rows written straight into its kit tables."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared.bus.topology import SERVICES
from award_shared.store import db
from award_shared.store.migrations import upgrade

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
START = datetime(2019, 3, 1, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def intake(service_factory):
    return service_factory(IntakeService, clock=CLOCK_2019)


def walk(client, path, key, limit, role="operator", **query):
    """Every row of ``path`` read ``limit`` a page, ``next`` followed until null: (rows, pages)."""
    rows, after, pages = [], None, 0
    while True:
        params = dict(query, limit=limit, **({"after": after} if after is not None else {}))
        resp = client.get(path + "?" + "&".join(f"{k}={v}" for k, v in params.items()), role)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        assert len(page[key]) <= limit
        rows, after, pages = rows + page[key], page["next"], pages + 1
        if after is None:
            return rows, pages


def bad_after(client, path, after, **query):
    resp = client.get(path + "?" + "&".join(f"{k}={v}" for k, v in dict(query, after=after).items()), "operator")
    assert resp.status_code == 422, resp.text
    assert list(resp.json()["error"]["fields"]) == ["after"], resp.text


def test_the_audit_log_pages_by_id_every_entry_once(intake):
    with intake.engine.begin() as conn:
        conn.execute(db.audit_log.insert(), [
            {"at": START + timedelta(seconds=n), "actor": f"office-{n}", "roles": "office", "action": "bench.page",
             "target": f"t-{n}"} for n in range(11)])
    c = intake.client
    whole = c.get("/admin/v1/audit?limit=500", "operator").json()
    assert whole["next"] is None and len(whole["entries"]) >= 11
    ids = [e["id"] for e in whole["entries"]]
    assert ids == sorted(ids)
    rows, pages = walk(c, "/admin/v1/audit", "entries", 3)
    assert [e["id"] for e in rows] == ids and pages > 3
    # the earlier contract still holds: ``after`` any id read, the entries above it
    assert [e["id"] for e in c.get(f"/admin/v1/audit?after={ids[4]}&limit=500", "operator").json()["entries"]] \
        == ids[5:]
    assert c.get("/admin/v1/audit?after=0&limit=2", "operator").json()["next"] == ids[1]
    for after in ("x", "-1", "1.5"):
        bad_after(c, "/admin/v1/audit", after)


def test_the_dead_letters_page_by_id_within_their_status(intake):
    statuses = ["pending", "replayed", "pending", "discarded", "pending", "pending", "replayed", "pending",
                "pending"]
    with intake.engine.begin() as conn:
        conn.execute(db.dead_letters.insert(), [
            {"event_id": f"event-{n}", "type": "cycle.opened", "stage": "data", "error": "bad", "body": b"{}",
             "received_at": START + timedelta(seconds=n), "status": status} for n, status in enumerate(statuses)])
        ids = conn.execute(sa.select(db.dead_letters.c.id, db.dead_letters.c.status)
                           .order_by(db.dead_letters.c.id)).all()
    c = intake.client
    pending, pages = walk(c, "/admin/v1/dead-letters", "dead_letters", 2)  # pending, by default
    assert [r["id"] for r in pending] == [i for i, s in ids if s == "pending"] and pages == 4
    assert {r["status"] for r in pending} == {"pending"}
    every, _ = walk(c, "/admin/v1/dead-letters", "dead_letters", 4, status="all")
    assert [r["id"] for r in every] == [i for i, _ in ids]
    replayed, _ = walk(c, "/admin/v1/dead-letters", "dead_letters", 1, status="replayed")
    assert [r["id"] for r in replayed] == [i for i, s in ids if s == "replayed"]
    # a letter replayed since the page was read still pages on from where it stood
    first = c.get("/admin/v1/dead-letters?limit=1", "operator").json()
    with intake.engine.begin() as conn:
        conn.execute(db.dead_letters.update().where(db.dead_letters.c.id == first["next"]).values(status="replayed"))
    rest = c.get(f"/admin/v1/dead-letters?limit=500&after={first['next']}", "operator").json()
    assert [r["id"] for r in rest["dead_letters"]] == [i for i, s in ids if s == "pending"][1:]
    for after in ("x", "-1"):
        bad_after(c, "/admin/v1/dead-letters", after, status="all")


def test_the_holds_page_by_id_every_hold_once(intake):
    with intake.engine.begin() as conn:
        conn.execute(db.holds.insert(), [
            {"hold_id": f"hold-{n:02d}", "cycle_id": f"cycle-{2019 + n % 2}", "step": "district_review",
             "subject": f"app-{n}", "placed_by": "p01", "placed_by_service": "supervision", "reason": "核查",
             "article": "Art. 9", "status": "active" if n % 3 else "released", "placed_at": START + timedelta(minutes=n)}
            for n in (7, 3, 10, 0, 5, 1, 8, 2, 9, 6, 4)])
        # a release that overtook its placement: known, never placed here
        conn.execute(db.holds.insert().values(hold_id="hold-11", cycle_id="cycle-2019", step="district_review",
                                              status="released", released_at=START))
    c = intake.client
    whole = c.get("/admin/v1/holds?limit=500", "operator").json()
    assert whole["next"] is None
    assert [h["hold_id"] for h in whole["holds"]] == [f"hold-{n:02d}" for n in range(12)]
    for limit in (1, 5, 6):
        rows, _ = walk(c, "/admin/v1/holds", "holds", limit)
        assert rows == whole["holds"], limit
    bad_after(c, "/admin/v1/holds", "hold-99")
    bad_after(c, "/admin/v1/holds", "x" * 65)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_services_migrations_give_the_pages_their_index(service, database_url_factory, db_engine):
    """Kit v5 in each service's migrations: a page of a status's dead letters, and of a cycle's
    holds, is an index range from ``after``, not a read of the whole table."""
    url = database_url_factory(service)
    upgrade(f"award_{service}", url)
    engine = sa.create_engine(url)
    pages = {"ix_dead_letters_page": sa.select(db.dead_letters).where(db.dead_letters.c.status == "pending",
                                                                      db.dead_letters.c.id > 5),
             "ix_holds_page": sa.select(db.holds).where(db.holds.c.cycle_id == "cycle-2019",
                                                        db.holds.c.hold_id > "hold-01")}
    try:
        with engine.connect() as conn:
            if db_engine != "sqlite":  # an empty table is scanned anyway; forbid that to see whether the index serves
                conn.exec_driver_sql("SET enable_seqscan = off")
            for index, query in pages.items():
                table = query.get_final_froms()[0]
                sql = str(query.order_by(*table.primary_key.columns).limit(100)
                          .compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
                if db_engine == "sqlite":
                    plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
                else:
                    plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
                assert index in plan and "SORT" not in plan.upper(), (service, plan)
    finally:
        engine.dispose()
