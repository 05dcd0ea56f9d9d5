"""kit v3 (issue 29): what each service already knew of the cycles' agency staff and supervision
groups moves into the kit's roster when it migrates, so an edition under way keeps its access
(the inbox would take a replay of those events as duplicates and apply nothing)."""
import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import command

from award_shared.store import db
from award_shared.store.migrations import alembic_config, upgrade

AT = datetime(2019, 6, 1, 1, 0, tzinfo=timezone.utc)


def roster(url):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {(r.cycle_id, r.role): (r.status, json.loads(r.subjects)) for r in
                    conn.execute(sa.select(db.cycle_rosters))}
    finally:
        engine.dispose()


def seeded(url, package, revision, *statements):
    upgrade(package, url, revision)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for sql, params in statements:
            conn.execute(sa.text(sql), params)
    engine.dispose()


def test_intake_moves_the_agencies_it_learned_into_the_roster(database_url_factory):
    url = database_url_factory("intake")
    seeded(url, "award_intake", "0007",
           ("INSERT INTO agencies (cycle_id, name, staff_subjects, sequence, appointed_at) VALUES "
            "('cycle-2019', '机构', :staff, 2, :at)", {"staff": json.dumps(["tp-a", "tp-b"]), "at": AT}))
    upgrade("award_intake", url)
    assert roster(url) == {("cycle-2019", "third_party"): ("appointed", ["tp-a", "tp-b"])}
    command.downgrade(alembic_config("award_intake", url), "0007")  # and back, with the agency
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT staff_subjects FROM agencies")).scalar_one() == '["tp-a", "tp-b"]'
    engine.dispose()


def test_publicity_moves_the_groups_it_learned_into_the_roster(database_url_factory):
    url = database_url_factory("publicity")
    seeded(url, "award_publicity", "0003",
           *[("INSERT INTO group_members (cycle_id, subject, status) VALUES (:c, :s, :st)",
              {"c": c, "s": s, "st": st}) for c, s, st in (("cycle-2019", "sv-a", "sitting"),
                                                          ("cycle-2019", "sv-b", "sitting"),
                                                          ("cycle-2017", "sv-z", "dissolved"))])
    upgrade("award_publicity", url)
    assert roster(url) == {("cycle-2019", "supervisor"): ("appointed", ["sv-a", "sv-b"]),
                           ("cycle-2017", "supervisor"): ("ended", ["sv-z"])}


def test_supervision_and_scoring_put_their_own_appointments_in_the_roster(database_url_factory):
    url = database_url_factory("supervision")
    seeded(url, "award_supervision", "0004",
           ("INSERT INTO supervision_groups (group_id, cycle_id, status, proposed_by, proposed_at) VALUES "
            "('g-1', 'cycle-2019', 'appointed', 'office', :at)", {"at": AT}),
           ("INSERT INTO supervision_groups (group_id, cycle_id, status, proposed_by, proposed_at) VALUES "
            "('g-2', 'cycle-2019', 'proposed', 'office', :at)", {"at": AT}),
           *[("INSERT INTO group_members (group_id, person_id, kind, name) VALUES (:g, :p, 'media', '某')",
              {"g": g, "p": p}) for g, p in (("g-1", "sv-a"), ("g-1", "sv-b"), ("g-2", "sv-c"))])
    upgrade("award_supervision", url)
    assert roster(url) == {("cycle-2019", "supervisor"): ("appointed", ["sv-a", "sv-b"])}

    url = database_url_factory("scoring")
    seeded(url, "award_scoring", "0007",
           *[("INSERT INTO agencies (cycle_id, name, credit_code, staff_subjects, appointed_at, appointed_by, status) "
              "VALUES (:c, '机构', '91370100MA3C4XYD8F', :staff, :at, 'office', :st)",
              {"c": c, "staff": json.dumps(staff), "at": AT, "st": st})
             for c, staff, st in (("cycle-2019", ["tp-a"], "appointed"), ("cycle-2021", ["tp-x"], "proposed"))])
    upgrade("award_scoring", url)
    assert roster(url) == {("cycle-2019", "third_party"): ("appointed", ["tp-a"])}
