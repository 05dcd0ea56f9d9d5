"""award_shared.store.prepared on a real database of each engine: a statement built once and run
through the driver reads and writes what the Session would, takes part in the unit of work,
and fails as SQLAlchemy fails — so the kit's "nothing committed, retry" and the pool's
invalidation of a lost connection still hold."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from award_shared.store import db
from award_shared.store.prepared import KeyedUpdate, Prepared

METADATA = sa.MetaData()
SHEETS = sa.Table(
    "sheets", METADATA,
    sa.Column("sheet_id", sa.String(36), primary_key=True),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("total", sa.Float, nullable=True),
    sa.Column("comments", sa.Text, nullable=True),
    sa.Column("recorded_at", db.Instant(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="current"),
)
WITH_DEFAULT = sa.Table("defaulted", METADATA, sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("kind", sa.String(10), default="unit"))

INSERT = Prepared(SHEETS.insert(), columns=("sheet_id", "stage", "total", "comments", "recorded_at"))
CURRENT = Prepared(sa.select(SHEETS).where(SHEETS.c.stage == sa.bindparam("stage"), SHEETS.c.status == "current")
                   .order_by(SHEETS.c.sheet_id).with_for_update())
WITHDRAW = Prepared(SHEETS.update().where(SHEETS.c.sheet_id == sa.bindparam("sheet")).values(status="withdrawn"))
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def engine(database_url_factory):
    engine = db.make_engine(database_url_factory("prepared"))
    METADATA.create_all(engine)
    yield engine
    engine.dispose()


def sheet(n, total=87.5, comments="材料翔实"):
    return {"sheet_id": f"s-{n}", "stage": "material_review", "total": total, "comments": comments,
            "recorded_at": datetime(2019, 7, 10, 9, 30, n, tzinfo=BEIJING)}


def test_rows_read_back_as_the_session_reads_them(engine):
    with Session(engine) as session, session.begin():
        INSERT.run(session, sheet(1))
        INSERT.run(session, sheet(2, total=None, comments=None))
        assert WITHDRAW.run(session, {"sheet": "s-2"}) == 1
        INSERT.run(session, sheet(3))
    with Session(engine) as session, session.begin():
        prepared = CURRENT.all(session, {"stage": "material_review"})
        through_session = [dict(r) for r in session.execute(
            sa.select(SHEETS).where(SHEETS.c.status == "current").order_by(SHEETS.c.sheet_id)).mappings()]
        assert prepared == through_session
        assert [r["sheet_id"] for r in prepared] == ["s-1", "s-3"]
        first = CURRENT.first(session, {"stage": "material_review"})
        assert first["recorded_at"] == datetime(2019, 7, 10, 1, 30, 1, tzinfo=timezone.utc)  # UTC, aware
        assert first["total"] == 87.5 and first["comments"] == "材料翔实"
        assert CURRENT.first(session, {"stage": "defense"}) is None
        with pytest.raises(KeyError, match="stage"):
            CURRENT.all(session, {})
        with pytest.raises(KeyError, match="statement: comment'"):  # misspelt: never written as NULL
            INSERT.run(session, {**sheet(4), "comment": "x"})


def test_a_prepared_write_is_part_of_the_unit_of_work(engine):
    with Session(engine) as session:
        session.begin()
        INSERT.run(session, sheet(1))
        assert CURRENT.first(session, {"stage": "material_review"})["sheet_id"] == "s-1"
        session.rollback()
    with Session(engine) as session, session.begin():
        assert CURRENT.all(session, {"stage": "material_review"}) == []


def test_on_the_unit_of_works_connection_a_first_prepared_write_is_inside_its_transaction(engine):
    # the unit of work holds a Connection that begins at its first statement; a statement sent
    # to the driver first must begin it, or SQLite commits it alone and PostgreSQL's is never
    # committed: rolled back here, it must leave nothing; committed, it must be kept
    with engine.connect() as conn:
        INSERT.run(conn, sheet(1))
        assert conn.in_transaction()
        conn.rollback()
        assert CURRENT.all(conn, {"stage": "material_review"}) == []
        conn.rollback()
    with engine.connect() as conn:
        INSERT.run(conn, sheet(2))
        conn.commit()
    with Session(engine) as session, session.begin():
        assert [r["sheet_id"] for r in CURRENT.all(session, {"stage": "material_review"})] == ["s-2"]


def test_a_driver_error_is_sqlalchemys(engine):
    with Session(engine) as session, session.begin():
        INSERT.run(session, sheet(1))
    with Session(engine) as session:
        session.begin()
        with pytest.raises(sa.exc.IntegrityError):
            INSERT.run(session, sheet(1))
        session.rollback()


def test_a_lost_connection_is_invalidated_and_not_handed_out_again(engine, db_engine):
    with Session(engine) as session:
        session.begin()
        CURRENT.all(session, {"stage": "material_review"})
        if db_engine == "postgresql":
            pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
            with engine.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            session.connection().connection.dbapi_connection.close()
        with pytest.raises(sa.exc.DBAPIError) as lost:
            CURRENT.all(session, {"stage": "material_review"})
        assert lost.value.connection_invalidated
        session.rollback()
    with Session(engine) as session, session.begin():  # a fresh connection from the pool
        INSERT.run(session, sheet(1))
        assert len(CURRENT.all(session, {"stage": "material_review"})) == 1


def test_what_the_driver_cannot_do_is_refused_when_built():
    with pytest.raises(TypeError, match="names the columns"):
        Prepared(SHEETS.insert())
    with pytest.raises(TypeError, match="kind"):
        Prepared(WITH_DEFAULT.insert(), columns=("id",))
    Prepared(WITH_DEFAULT.insert(), columns=("id", "kind"))


def test_a_statement_built_once_takes_its_values_as_parameters_and_refuses_a_misspelt_column(engine):
    """db.keyed_update and ``execute(table.insert(), row)``: built once, the values given as
    parameters. SQLAlchemy itself would write the columns named and ignore any other name, so a
    misspelt column would vanish without a word; the kit's engine refuses it, naming it, and
    nothing is written."""
    update = db.keyed_update(SHEETS, "sheet_id", "stage")
    with engine.begin() as conn:
        conn.execute(SHEETS.insert(), [sheet(1), sheet(2)])  # one statement, two rows
        assert conn.execute(update, {"key_sheet_id": "s-1", "key_stage": "material_review", "total": 90.0,
                                     "status": "withdrawn"}).rowcount == 1
        assert conn.execute(update, {"key_sheet_id": "s-2", "key_stage": "defense", "total": 1.0}).rowcount == 0
    with engine.begin() as conn:
        with pytest.raises(KeyError, match="sheets: not a column or parameter of this statement: comment'$"):
            conn.execute(SHEETS.insert(), {**sheet(3), "comment": "x"})
        with pytest.raises(KeyError, match="statement: totl'$"):
            conn.execute(update, {"key_sheet_id": "s-1", "key_stage": "material_review", "totl": 1.0})
        with pytest.raises(KeyError, match="statement: comment'$"):  # any row of many
            conn.execute(SHEETS.insert(), [sheet(4), {**sheet(5), "comment": "x"}])
    with engine.connect() as conn:
        rows = {r.sheet_id: (r.total, r.status) for r in conn.execute(sa.select(SHEETS))}
    assert rows == {"s-1": (90.0, "withdrawn"), "s-2": (87.5, "current")}


def test_a_keyed_update_sets_the_columns_given_each_set_built_once(engine):
    """KeyedUpdate: the SET clause is the values given, one statement per set of columns, run on
    the unit of work's connection; an instant is stored as the Session stores it; a misspelt
    column or a missing key is refused, naming it, and nothing is written."""
    update = KeyedUpdate(SHEETS, "sheet_id", "stage")
    later = datetime(2019, 7, 11, 8, 0, tzinfo=BEIJING)
    with engine.begin() as conn:
        for n in (1, 2):
            INSERT.run(conn, sheet(n))
        assert update.run(conn, {"key_sheet_id": "s-1", "key_stage": "material_review", "total": 90.0,
                                 "status": "withdrawn"}) == 1
        assert update.run(conn, {"key_sheet_id": "s-2", "key_stage": "material_review",
                                 "recorded_at": later}) == 1
        assert update.run(conn, {"key_sheet_id": "s-2", "key_stage": "defense", "total": 1.0}) == 0
        assert update.run(conn, {"key_stage": "material_review", "key_sheet_id": "s-2", "total": 88.0}) == 1
        assert len(update._by_columns) == 3  # (total, status), (recorded_at,), (total,)
    with engine.begin() as conn:
        with pytest.raises(KeyError, match="sheets: not a column of this update: totl'$"):
            update.run(conn, {"key_sheet_id": "s-1", "key_stage": "material_review", "totl": 1.0})
        with pytest.raises(KeyError, match="key_stage"):
            update.run(conn, {"key_sheet_id": "s-1", "total": 1.0})
        with pytest.raises(ValueError, match="at least one column"):
            update.run(conn, {"key_sheet_id": "s-1", "key_stage": "material_review"})
    with engine.connect() as conn:
        rows = {r.sheet_id: (r.total, r.status, r.recorded_at) for r in conn.execute(sa.select(SHEETS))}
    assert rows["s-1"][:2] == (90.0, "withdrawn")
    assert rows["s-2"][:2] == (88.0, "current") and rows["s-2"][2] == later


def test_postgresql_prepares_each_statement_once_per_connection_and_keeps_it_past_a_rollback(engine):
    """Issue 37, item 2: on PostgreSQL a ``Prepared`` statement is ``PREPARE``d on its first run
    on a connection (in the same round trip as its ``EXECUTE``) and only ``EXECUTE``d after; a
    rollback keeps it; errors are SQLAlchemy's all the same; a literal ``%`` survives. SQLite
    (no server to plan on): the same rows, nothing prepared."""
    like = Prepared(sa.select(SHEETS.c.sheet_id).where(SHEETS.c.comments.like(sa.literal_column("'材料%'"))))
    remote = engine.dialect.name == "postgresql"

    def prepared(session):
        if not remote:  # nothing is prepared: the statement runs as its text
            assert CURRENT._plan(engine.dialect).server is None
            return []
        return sorted(r.statement for r in session.execute(sa.text(
            "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'award%'")))

    with Session(engine) as session:
        session.begin()
        INSERT.run(session, sheet(1))
        assert [r["sheet_id"] for r in CURRENT.all(session, {"stage": "material_review"})] == ["s-1"]
        assert like.all(session) == [{"sheet_id": "s-1"}]
        session.rollback()  # the rows go; the connection's prepared statements stay
        session.begin()
        kept = prepared(session)
        assert len(kept) == (3 if remote else 0) and all(s.startswith("PREPARE award_") for s in kept)
        assert CURRENT.all(session, {"stage": "material_review"}) == [] and like.all(session) == []
        INSERT.run(session, sheet(2))
        INSERT.run(session, sheet(3, comments="%"))
        assert like.all(session) == [{"sheet_id": "s-2"}]
        assert prepared(session) == kept  # executed again, not prepared again
        with pytest.raises(sa.exc.IntegrityError):
            INSERT.run(session, sheet(2))
        session.rollback()
