"""The feed's reads."""
import json

import sqlalchemy as sa

from .domain.projection import public_event
from .tables import feed_events

_COLUMNS = [feed_events.c[name] for name in ("position", "event_id", "type", "source", "subject", "time",
                                              "cycle_id", "sequence", "dataschema", "data")]


def head(tx):
    """The highest position committed (0: an empty feed). Every position below it is committed
    too: writers hold the feed's lock until they commit (:data:`award_feed.replicas.WRITERS`)."""
    return tx.scalar(sa.select(sa.func.max(feed_events.c.position))) or 0


def page(tx, after, upto, types, limit):
    """At most ``limit`` rows after ``after`` and up to ``upto``, of ``types`` (empty: all), in
    position order."""
    query = sa.select(*_COLUMNS).where(feed_events.c.position > after, feed_events.c.position <= upto)
    if types:
        query = query.where(feed_events.c.type.in_(types))
    return tx.all(query.order_by(feed_events.c.position).limit(limit))


def served(row):
    """A row as the feed serves it: a CloudEvent of the JSON format, its position beside it."""
    time = row["time"]
    envelope = {"specversion": "1.0", "id": row["event_id"], "source": row["source"], "type": row["type"],
                "subject": row["subject"], "time": time.isoformat().replace("+00:00", "Z"),
                "dataschema": row["dataschema"], "datacontenttype": "application/json",
                "cycleid": row["cycle_id"], "sequence": row["sequence"], "data": json.loads(row["data"])}
    return public_event(envelope, row["position"])



def counts(tx):
    """Events in the feed, by type."""
    query = sa.select(feed_events.c.type, sa.func.count().label("n")).group_by(feed_events.c.type)
    return {row["type"]: row["n"] for row in tx.all(query)}


def webhook_states(tx):
    """(the subscriptions' names, how many are parked, how many active ones are failing)."""
    from .tables import webhook_subscriptions as subs
    rows = tx.all(sa.select(subs.c.name, subs.c.state, subs.c.failures))
    return ([r["name"] for r in rows], sum(r["state"] == "parked" for r in rows),
            sum(r["state"] == "active" and r["failures"] > 0 for r in rows))
