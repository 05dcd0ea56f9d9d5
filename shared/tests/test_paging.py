"""award_shared.paging: the suite's one pagination (docs/contract.md, "Lists a page at a time") —
the query part's limits and wording, and the keyset page on a real database of each engine:
every row once, in (created, id) order even where rows share their instant; a bad ``after``
refused naming it."""
import contextlib
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from marshmallow import ValidationError

from award_shared import errors, paging, tables
from award_shared.store import db
from award_shared.store.uow import Work
from award_testing.workflows import DEFAULT_NOW, FixedClock

THINGS = sa.Table("paged_things", sa.MetaData(), sa.Column("thing_id", sa.String(64), primary_key=True),
                  sa.Column("created_at", tables.Instant(), nullable=False))
AT = datetime(2019, 3, 1, 1, 0, tzinfo=timezone.utc)


class Database:
    def __init__(self, url):
        self.engine = db.make_engine(url, pool_size=1)
        db.KIT.create_all(self.engine)
        THINGS.create(self.engine)

    def gate(self):
        return contextlib.nullcontext()


def test_the_query_part_holds_the_suites_limits_and_names_each_field():
    schema = paging.PageQuery.of("thing")()
    assert schema.load({}) == {"after": None, "limit": 100}
    assert schema.load({"after": "t-1", "limit": "500"}) == {"after": "t-1", "limit": 500}
    for bad, field in (({"limit": "0"}, "limit"), ({"limit": "501"}, "limit"), ({"after": ""}, "after")):
        with pytest.raises(ValidationError) as refused:
            schema.load(bad)
        assert list(refused.value.messages) == [field]
    assert "the page after this thing" in schema.fields["after"].metadata["description"]


def test_a_walk_reads_every_row_once_in_order_and_a_bad_after_is_refused(database_url_factory):
    database = Database(database_url_factory("paging"))
    # seven rows, three of them at one instant: the id orders those
    rows = [{"thing_id": f"t-{n}", "created_at": AT + timedelta(seconds=min(n, 3))} for n in (6, 0, 5, 2, 4, 1, 3)]
    with database.engine.begin() as conn:
        conn.execute(THINGS.insert(), rows)
    expected = sorted(rows, key=lambda r: (r["created_at"], r["thing_id"]))
    tx = Work(service="paging-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={})
    with tx:
        for order in (THINGS.c.created_at, None):
            walked, after, pages = [], None, 0
            while True:
                page = paging.page(tx, sa.select(THINGS), THINGS.c.thing_id, after, 3, order=order,
                                   unknown="not a thing")
                walked, after, pages = walked + [r["thing_id"] for r in page.rows], page.next, pages + 1
                if after is None:
                    break
            by = expected if order is not None else sorted(rows, key=lambda r: r["thing_id"])
            assert walked == [r["thing_id"] for r in by] and pages == 3, order
            with pytest.raises(errors.Invalid) as refused:
                paging.page(tx, sa.select(THINGS), THINGS.c.thing_id, "t-none", 3, order=order, unknown="not a thing")
            assert refused.value.fields == {"after": ["not a thing"]}
        # by id alone and no ``unknown``: any after pages from there
        assert [r["thing_id"] for r in paging.page(tx, sa.select(THINGS), THINGS.c.thing_id, "t-4a", 5).rows] == [
            "t-5", "t-6"]
    database.engine.dispose()
