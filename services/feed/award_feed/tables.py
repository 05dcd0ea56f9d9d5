"""Feed's own tables (its database alone).

``feed_events`` holds each public event once, in its public projection, at a ``position`` that
rises with every event the feed learns: the cursor a reader continues from. Positions are given
in commit order (:func:`award_feed.replicas.record` takes the feed's lock before it inserts), so
a reader that has seen position N never later finds a new row below N. A later increment's
webhook subscriptions keep, per subscription, the position delivered up to: a delivery is a read
of this table from that cursor, so they add tables beside this one and change nothing here."""
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

ALL = [tables.KIT, METADATA]
