"""Feed's own gauges (contract.md: no label carries an id), set when /metrics is read."""
from prometheus_client import Gauge

EVENTS = Gauge("award_feed_events", "public events the feed holds, by type", ["type"])
HEAD = Gauge("award_feed_head_position", "the highest position of the feed: the cursor of a reader that is up to date")
WAITING = Gauge("award_feed_waiting_polls", "long polls waiting for the next event in this instance")


def refresh(counts, head, waiting, types):
    for event_type in types:
        EVENTS.labels(event_type).set(counts.get(event_type, 0))
    HEAD.set(head)
    WAITING.set(waiting)
