"""Feed's own tables (its database alone).

``feed_events`` holds each public event once, in its public projection, at a ``position`` that
rises with every event the feed learns: the cursor a reader continues from. Positions are given
in commit order (:func:`award_feed.replicas.record` takes the feed's lock before it inserts), so
a reader that has seen position N never later finds a new row below N. A later increment's
webhook subscriptions keep, per subscription, the position delivered up to: a delivery is a read
of this table from that cursor, so they add tables beside this one and change nothing here.

``webhook_subscriptions`` (issue 36, item 2) holds each subscription's URL, the event types it
wants, its secret (and the previous one until the end of a rotation's overlap) encrypted at rest
(``sealing.py``), the position delivered up to (``cursor``) and its delivery state: ``active`` or ``parked``, failures in a row
since ``failing_since``, the last error and when to try next. Delivery times are the wall clock
(a receiver checks ``webhook-timestamp`` against its own), not the business clock; the lease
(``lease``, ``leased_until``) keeps two instances of feed from delivering one subscription at once."""
import sqlalchemy as sa

from award_shared import tables

METADATA = sa.MetaData()

feed_events = sa.Table(
    "feed_events", METADATA,
    sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("time", tables.Instant(), nullable=False),            # when the publisher committed it
    sa.Column("cycle_id", sa.String(64), nullable=True),
    sa.Column("sequence", sa.BigInteger, nullable=False),           # the publisher's, per (source, subject)
    sa.Column("dataschema", sa.String(200), nullable=False),
    sa.Column("data", sa.Text, nullable=False),                     # JSON: the public projection
    sa.Column("received_at", tables.Instant(), nullable=False),
    sa.Index("ix_feed_events_type_position", "type", "position"),
    sqlite_autoincrement=True,  # a position is never given twice, even after rows are forgotten
)

SUBSCRIPTION_STATES = ("active", "parked")

webhook_subscriptions = sa.Table(
    "webhook_subscriptions", METADATA,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),   # the metrics' label: a bureau's name
    sa.Column("url", sa.String(2000), nullable=False),
    sa.Column("types", sa.String(500), nullable=False),             # comma-separated public types
    sa.Column("secret", sa.String(400), nullable=False),            # Fernet token (sealing.py), never clear
    sa.Column("previous_secret", sa.String(400), nullable=True),
    sa.Column("previous_until", tables.Instant(), nullable=True),   # wall clock
    sa.Column("cursor", sa.BigInteger, nullable=False),             # delivered up to this position
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),              # failed attempts in a row
    sa.Column("failing_since", tables.Instant(), nullable=True),
    sa.Column("last_error", sa.String(500), nullable=True),
    sa.Column("last_error_at", tables.Instant(), nullable=True),
    sa.Column("last_delivered_at", tables.Instant(), nullable=True),
    sa.Column("next_attempt_at", tables.Instant(), nullable=False),
    sa.Column("lease", sa.String(36), nullable=True),
    sa.Column("leased_until", tables.Instant(), nullable=True),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", tables.Instant(), nullable=False),
    sa.Index("ix_webhook_subscriptions_state_next", "state", "next_attempt_at"),
)

ALL = [tables.KIT, METADATA]
