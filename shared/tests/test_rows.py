"""award_shared.store.rows: the get-or-404 of every service's queries."""
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from award_shared import errors
from award_shared.store.rows import one_or_404

METADATA = sa.MetaData()
AWARDS = sa.Table("awards", METADATA, sa.Column("award_id", sa.String(20), primary_key=True),
                  sa.Column("name", sa.String(50)))


@pytest.fixture
def session():
    engine = sa.create_engine("sqlite://")
    METADATA.create_all(engine)
    with Session(engine) as s:
        s.execute(AWARDS.insert().values(award_id="award-1", name="济南某公司"))
        yield s


def test_a_known_key_answers_its_row_as_a_mapping(session):
    row = one_or_404(session, sa.select(AWARDS).where(AWARDS.c.award_id == "award-1"), "没有", "none")
    assert row["name"] == "济南某公司"


def test_an_unknown_key_is_a_404_in_chinese_first(session):
    with pytest.raises(errors.NotFound) as missing:
        one_or_404(session, sa.select(AWARDS).where(AWARDS.c.award_id == "award-9"),
                   "没有编号为 award-9 的奖项", "no award award-9", lock=True)
    assert missing.value.status == 404
    assert missing.value.message == "没有编号为 award-9 的奖项" and missing.value.message_en == "no award award-9"
