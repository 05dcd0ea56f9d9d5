"""Issue 15, item 4: with several instances of a service on one PostgreSQL database, only one
relays its outbox (the advisory lock); a commit on another instance must wake that relay at
once (NOTIFY at commit, LISTEN on the lock holder, award_shared.store.outbox_notify), not leave the
event until the holder's next poll. The poll interval here is an hour, so an event sent within
the wait's bound was sent on the notification. PostgreSQL only: SQLite allows one instance per
database file (tests/test_kit_service.py), so there is no other instance to wake from."""
import uuid

import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_shared.store.migrations import upgrade
from award_shared.web import keys
from award_testing.helpers import commit_events, relay_of, wait_for
from award_testing.plugin import PG_ADMIN_URL, free_port


def test_a_commit_on_an_instance_without_the_relay_lock_wakes_the_relay_that_holds_it(
        rabbit_config, container_factory, key_dir, declare_topology):
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"award_test_wake_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    engine = sa.create_engine(url)
    containers = []
    try:
        upgrade("award_intake", url)
        config = {"AMQP_URI": rabbit_config["AMQP_URI"], "DATABASE_URL": url, "CLOCK": "wall",
                  "JWT_PUBLIC_KEY_FILE": f"{key_dir}/{keys.PUBLIC_KEY_NAME}", "OUTBOX_POLL_SECONDS": 3600,
                  "PERSON_KEY_SECRET": "test-secret"}
        holder = container_factory(IntakeService, dict(config, WEB_SERVER_ADDRESS=f"127.0.0.1:{free_port()}"))
        containers.append(holder)
        holder.start()
        wait_for(lambda: relay_of(holder).lock.held and relay_of(holder).connects, message="the first relay")
        other = container_factory(IntakeService, dict(config, WEB_SERVER_ADDRESS=f"127.0.0.1:{free_port()}"))
        containers.append(other)
        other.start()
        wait_for(lambda: relay_of(other).running, message="the second instance's relay")

        commit_events(other, "cycle.opened", [dict(SAMPLES["cycle.opened"], cycle_id="cycle-wake")])

        def sent():
            with engine.connect() as conn:
                return conn.execute(sa.select(db.outbox.c.sent_at)).scalars().all()
        [sent_at] = wait_for(lambda: (lambda rows: rows if rows and all(rows) else None)(sent()),
                             message="the lock holder to relay the other instance's event")
        assert sent_at is not None
        assert not relay_of(other).lock.held and relay_of(other).connects == 0  # the holder sent it
    finally:
        for container in containers:  # before their database goes
            container.stop()
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
