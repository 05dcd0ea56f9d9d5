"""Feed's own gauges (contract.md: no label carries an id), set when /metrics is read."""
from prometheus_client import Counter, Gauge, Histogram

EVENTS = Gauge("award_feed_events", "public events the feed holds, by type", ["type"])
HEAD = Gauge("award_feed_head_position", "the highest position of the feed: the cursor of a reader that is up to date")
WAITING = Gauge("award_feed_waiting_polls", "long polls waiting for the next event in this instance")


def refresh(counts, head, waiting, types):
    for event_type in types:
        EVENTS.labels(event_type).set(counts.get(event_type, 0))
    HEAD.set(head)
    WAITING.set(waiting)

# webhooks (issue 36, item 2): the label ``subscription`` is the subscription's name — a
# bureau's short name an operator gives, few of them — never an id
LATENCY = Histogram("award_feed_webhook_delivery_seconds",
                    "time from sending a webhook to the receiver's answer, for answered deliveries",
                    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
FAILURES = Counter("award_feed_webhook_failures_total",
                   "webhook deliveries that failed (error, timeout, refused address or non-2xx answer)",
                   ["subscription"])
PARKED = Gauge("award_feed_webhooks_parked",
               "webhook subscriptions parked after failing for WEBHOOK_RETRY_FOR_SECONDS: an operator replays them")
FAILING = Gauge("award_feed_webhooks_failing", "webhook subscriptions active but failing, backing off")


def known(name):
    """A subscription's failure counter, at 0 until it fails (a rate() over a missing series is nothing)."""
    FAILURES.labels(name)


def refresh_webhooks(names, parked, failing):
    for name in names:
        known(name)
    PARKED.set(parked)
    FAILING.set(failing)
