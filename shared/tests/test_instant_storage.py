"""An instant on SQLite is written as the text SQLAlchemy's DATETIME stores, in UTC — by the
kit's own one-step converter, held here to the decorator's path it replaces."""
import random
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from award_shared.store import db

SQLITE = sqlite.dialect()
OFFSETS = [timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-9, minutes=-30)),
           timezone(timedelta(hours=14))]


def _by_the_decorator(dialect):
    """SQLAlchemy's own path: process_bind_param, then the dialect's DATETIME formatting."""
    return sa.types.TypeDecorator.bind_processor(db.Instant().dialect_impl(dialect), dialect)


def _instants(n=5000, seed=20191001):
    rng = random.Random(seed)
    yield datetime(2019, 10, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))  # the day before, in UTC
    yield datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    yield datetime(1, 1, 2, tzinfo=timezone.utc)
    for _ in range(n):
        yield datetime(rng.randint(2, 9998), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                       rng.randint(0, 59), rng.randint(0, 59), rng.choice([0, rng.randint(0, 999999)]),
                       tzinfo=rng.choice(OFFSETS))


def test_on_sqlite_the_text_written_is_sqlalchemys_to_the_microsecond():
    fast, reference = db.Instant().dialect_impl(SQLITE).bind_processor(SQLITE), _by_the_decorator(SQLITE)
    assert fast is not None
    for value in _instants():
        assert fast(value) == reference(value), value
    assert fast(datetime(2019, 10, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))) == "2019-09-30 16:00:00.000000"
    assert fast(None) is None


@pytest.mark.parametrize("dialect", [SQLITE, postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_a_naive_datetime_is_refused_on_either_engine(dialect):
    convert = db.Instant().dialect_impl(dialect).bind_processor(dialect)
    with pytest.raises(ValueError, match="refusing to store a naive datetime"):
        convert(datetime(2019, 10, 1, 9, 30))


def test_an_instant_written_on_sqlite_reads_back_the_same_instant(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path}/instants.db")
    table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("at", db.Instant(), nullable=False))
    table.metadata.create_all(engine)
    written = list(_instants(200))
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"id": i, "at": value} for i, value in enumerate(written)])
    with engine.connect() as conn:
        read = dict(conn.execute(sa.select(table.c.id, table.c.at)).all())
        stored = conn.exec_driver_sql("SELECT at FROM t WHERE id = 0").scalar_one()
    engine.dispose()
    assert [read[i] for i in range(len(written))] == written  # equal instants, aware, in UTC
    assert all(value.tzinfo is timezone.utc for value in read.values())
    assert stored == "2019-09-30 16:00:00.000000"
