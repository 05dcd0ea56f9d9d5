"""Feed's migrations beyond "the tables the code uses" (tests/test_kit_service.py): revision
0004 encrypts the webhook secrets stored in clear before it with the environment's
WEBHOOK_SECRET_KEYS, refuses (naming the setting, changing nothing) when rows exist and no key
is given, and its downgrade decrypts them back. Real database, SQLite and PostgreSQL."""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from alembic import command
from cryptography.fernet import Fernet

from award_feed.domain import signing
from award_shared.store.migrations import alembic_config, upgrade

NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)
SUBS = sa.table("webhook_subscriptions", *(sa.column(c) for c in (
    "id", "name", "url", "types", "secret", "previous_secret", "previous_until", "cursor", "state", "failures",
    "next_attempt_at", "created_by", "created_at")))


def test_0004_encrypts_the_secrets_stored_in_clear_and_its_downgrade_decrypts_them(database_url_factory,
                                                                                    monkeypatch):
    url = database_url_factory("feed")
    upgrade("award_feed", url, "0003")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    secret, previous = signing.new_secret(), signing.new_secret()
    with engine.begin() as conn:
        conn.execute(SUBS.insert(), [
            dict(id=1, name="market", url="https://bureau.example.org/h", types="", secret=secret,
                 previous_secret=previous, previous_until=NOW, cursor=0, state="active", failures=0,
                 next_attempt_at=NOW, created_by="op", created_at=NOW),
            dict(id=2, name="credit", url="https://bureau.example.org/c", types="", secret=previous,
                 previous_secret=None, previous_until=None, cursor=0, state="active", failures=0,
                 next_attempt_at=NOW, created_by="op", created_at=NOW)])

    def stored():
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT id, secret, previous_secret FROM webhook_subscriptions ORDER BY id")).all()

    for unset in ("WEBHOOK_SECRET_KEYS", "WEBHOOK_SECRET_KEYS_FILE"):
        monkeypatch.delenv(unset, raising=False)
    with pytest.raises(ValueError, match="WEBHOOK_SECRET_KEYS"):
        upgrade("award_feed", url)
    assert stored() == [(1, secret, previous), (2, previous, None)]   # nothing changed

    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", old.decode())
    upgrade("award_feed", url)
    [(_, one, two), (_, three, none)] = stored()
    assert secret not in one + two + three and previous not in one + two + three and none is None
    assert [Fernet(old).decrypt(t.encode()).decode() for t in (one, two, three)] == [secret, previous, previous]

    monkeypatch.setenv("WEBHOOK_SECRET_KEYS", f"{new.decode()},{old.decode()}")   # rotated: the old still reads
    command.downgrade(alembic_config("award_feed", url), "0003")
    assert stored() == [(1, secret, previous), (2, previous, None)]
    engine.dispose()
