"""The kit's rule for cycle-scoped roles (award_shared.web.cycle_access), on a real SQLite database
of the kit's tables: who reads which cycle, from which event until which."""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from award_shared import errors
from award_shared.store import db
from award_shared.web import cycle_access
from award_shared.web.auth import Principal

AGENCY = {"cycle_id": "cycle-2019", "staff_subjects": ["tp-a", "tp-b"]}
GROUP = {"cycle_id": "cycle-2019", "member_subjects": ["sv-a", "sv-b"]}
ALL = frozenset({"office", "leading_group", "third_party", "supervisor", "applicant", "expert", "district"})


class Tx:
    def __init__(self, session):
        self.session = session
        self.audited = []

    def now(self):
        return datetime(2019, 6, 1, 1, 0, tzinfo=timezone.utc)

    def audit(self, action, **kw):
        self.audited.append(action)


@pytest.fixture
def tx(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'kit.db'}")
    db.KIT.create_all(engine)
    with engine.connect() as conn:
        with conn.begin():
            yield Tx(conn)
    engine.dispose()


def who(role, sub, **kw):
    return Principal(sub=sub, roles=frozenset({role} if isinstance(role, str) else role), **kw)


def test_art7_the_agencys_staff_read_their_cycle_from_the_appointment_until_it_closes(tx):
    with pytest.raises(errors.Forbidden) as refused:  # before agency.appointed
        cycle_access.reader(tx.session, who("third_party", "tp-a"), "cycle-2019", ALL)
    assert refused.value.article == "Art. 7" and refused.value.code == "not_appointed"
    assert "第七条" in refused.value.message and "第二十五条" not in refused.value.message  # Art. 25: no reader list
    cycle_access.record_agency(tx, AGENCY, sequence=1)
    assert cycle_access.reader(tx.session, who("third_party", "tp-a"), "cycle-2019", ALL).roles == {"third_party"}
    for sub, cycle in (("tp-c", "cycle-2019"), ("tp-a", "cycle-2021")):
        with pytest.raises(errors.Forbidden):
            cycle_access.reader(tx.session, who("third_party", sub), cycle, ALL)
    cycle_access.record_closed(tx, "cycle-2019")
    with pytest.raises(errors.Forbidden):
        cycle_access.reader(tx.session, who("third_party", "tp-a"), "cycle-2019", ALL)


def test_art9_the_group_reads_its_cycle_while_it_sits(tx):
    cycle_access.record_group(tx, GROUP, sequence=1)
    assert cycle_access.sits(tx.session, "cycle-2019", "supervisor", "sv-a")
    cycle_access.record_group_dissolved(tx, GROUP, sequence=2)
    assert not cycle_access.sits(tx.session, "cycle-2019", "supervisor", "sv-a")
    with pytest.raises(errors.Forbidden) as refused:
        cycle_access.reader(tx.session, who("supervisor", "sv-a"), "cycle-2019", ALL)
    assert refused.value.article == "Art. 9"
    cycle_access.record_group(tx, GROUP, sequence=1)  # the appointment again, late: the dissolution stands
    assert not cycle_access.sits(tx.session, "cycle-2019", "supervisor", "sv-a")


def test_an_older_agency_appointment_never_replaces_a_newer_one(tx):
    cycle_access.record_agency(tx, {"cycle_id": "cycle-2019", "staff_subjects": ["tp-new"]}, sequence=3)
    cycle_access.record_agency(tx, {"cycle_id": "cycle-2019", "staff_subjects": ["tp-old"]}, sequence=2)
    assert cycle_access.sits(tx.session, "cycle-2019", "third_party", "tp-new")
    assert not cycle_access.sits(tx.session, "cycle-2019", "third_party", "tp-old")


def test_the_callers_roles_are_narrowed_to_those_it_holds_for_the_cycle(tx):
    cycle_access.record_agency(tx, AGENCY, sequence=1)
    both = who({"third_party", "expert"}, "tp-z")  # on no agency's staff, but an expert
    assert cycle_access.reader(tx.session, both, "cycle-2019", ALL).roles == {"expert"}
    assert cycle_access.reader(tx.session, who("office", "o-1"), "cycle-2019", ALL).roles == {"office"}
    # a route's roles bound what is kept: the office on a route for the third party alone
    assert cycle_access.reader(tx.session, who("office", "o-1"), "cycle-2019", frozenset({"third_party"})).roles \
        == frozenset()


def test_art27_a_disqualified_person_reads_nothing_of_the_cycle_in_any_role(tx):
    cycle_access.record_agency(tx, AGENCY, sequence=1)
    cycle_access.record_disqualified(tx, {"cycle_id": "cycle-2019", "staff_subject": "tp-a", "staff_role": "third_party"})
    cycle_access.record_disqualified(tx, {"cycle_id": "cycle-2019", "staff_subject": "o-9", "staff_role": "office"})
    cycle_access.record_disqualified(tx, {"cycle_id": "cycle-2019", "staff_subject": "o-9", "staff_role": "office"})
    for principal in (who("third_party", "tp-a"), who({"office", "expert"}, "o-9")):
        with pytest.raises(errors.Forbidden) as refused:
            cycle_access.reader(tx.session, principal, "cycle-2019", ALL)
        assert refused.value.article == "Art. 27" and refused.value.code == "disqualified"
    assert not cycle_access.sits(tx.session, "cycle-2019", "third_party", "tp-a")
    assert cycle_access.sits(tx.session, "cycle-2019", "third_party", "tp-b")
    assert cycle_access.reader(tx.session, who("office", "o-9"), "cycle-2021", ALL).roles == {"office"}
    assert tx.audited.count("staff.disqualified.known") == 3


def test_art27_a_disqualified_person_writes_nothing_while_the_cycle_is_open_and_nothing_of_it_after(tx):
    cycle_access.record_disqualified(tx, {"cycle_id": "cycle-2019", "staff_subject": "o-9", "staff_role": "office"})
    for roles in ("office", "expert", ("office", "applicant")):
        with pytest.raises(errors.Forbidden) as refused:  # any write, wherever its route names no cycle
            cycle_access.refuse_disqualified_writer(tx.session, who(roles, "o-9"))
        assert refused.value.article == "Art. 27" and refused.value.code == "disqualified"
        assert "第二十七条" in refused.value.message
    cycle_access.refuse_disqualified_writer(tx.session, who("office", "o-1"))  # a colleague writes
    cycle_access.refuse_disqualified_writer(tx.session, who("applicant", "o-9"))  # as an applicant: not staff
    cycle_access.refuse_disqualified_writer(tx.session, who("office", "o-9"), "cycle-2021")  # another cycle
    cycle_access.refuse_disqualified_writer(tx.session, None)  # the public
    cycle_access.record_closed(tx, "cycle-2019")
    cycle_access.refuse_disqualified_writer(tx.session, who("office", "o-9"), "cycle-2021")  # the next edition
    with pytest.raises(errors.Forbidden):  # but nothing naming the cycle it was disqualified from
        cycle_access.refuse_disqualified_writer(tx.session, who("office", "o-9"), "cycle-2019")
    with pytest.raises(errors.Forbidden):  # and it still reads none of it
        cycle_access.reader(tx.session, who("office", "o-9"), "cycle-2019", ALL)


def test_lists_across_cycles_hold_the_callers_cycles_only(tx):
    cycle_access.record_group(tx, GROUP, sequence=1)
    cycle_access.record_group(tx, {"cycle_id": "cycle-2021", "member_subjects": ["sv-c"]}, sequence=1)
    cycle_access.record_disqualified(tx, {"cycle_id": "cycle-2021", "staff_subject": "o-9", "staff_role": "office"})
    member = cycle_access.readable(tx.session, who("supervisor", "sv-a"), ALL)
    assert member.only == {"cycle-2019"} and member.allows("cycle-2019") and not member.allows("cycle-2021")
    assert cycle_access.readable(tx.session, who("supervisor", "sv-x"), ALL).only == frozenset()
    office = cycle_access.readable(tx.session, who("office", "o-9"), ALL)
    assert office.only is None and office.excluded == {"cycle-2021"} and not office.allows("cycle-2021")
    holds = sa.table("holds", sa.column("cycle_id"))
    assert cycle_access.readable(tx.session, who("office", "o-1"), ALL).where(holds.c.cycle_id) is None
    nobody = cycle_access.readable(tx.session, who("supervisor", "sv-x"), ALL).where(holds.c.cycle_id)
    assert tx.session.execute(sa.select(sa.literal(1)).where(nobody)).first() is None
