"""Prometheus metrics with the names of contract.md. No label carries an id."""
from prometheus_client import Counter, Gauge, Histogram

STEP_TRANSITIONS = Counter(
    "award_step_transitions_total", "Applications moved through a step of the award cycle",
    ["service", "step", "outcome"])
EVENTS_PUBLISHED = Counter(
    "award_events_published_total", "Events confirmed by the broker", ["service", "type"])
EVENTS_CONSUMED = Counter(
    "award_events_consumed_total",
    "Events taken from the bus (outcome: applied, duplicate, dead_letter)",
    ["service", "type", "outcome"])
OUTBOX_BACKLOG = Gauge(
    "award_outbox_backlog", "Committed events not yet confirmed by the broker", ["service"])
HOLDS_ACTIVE = Gauge(
    "award_holds_active", "Holds in force in this service's copy", ["service", "step"])
DEAD_LETTERS = Gauge(
    "award_dead_letters_pending", "Dead letters waiting for an operator", ["service"])
HTTP_DURATION = Histogram(
    "award_http_request_duration_seconds", "HTTP requests by route template",
    ["service", "route", "method", "status"])
INBOX_BACKOFF = Gauge(
    "award_inbox_backoff_seconds",
    "Pause of the inbox consumer while its database or clock does not answer (0: consuming)",
    ["service"])
INBOX_RETRIES = Counter(
    "award_inbox_retries_total", "Inbox batches kept back for an outage and tried again later",
    ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "award_outbox_oldest_unsent_age_seconds",
    "Age of the oldest committed event not yet confirmed by the broker (0: none)", ["service"])
RELAY_ACTIVE = Gauge(
    "award_outbox_relay_active",
    "1 while this instance's outbox relay runs and holds its database's relay lock; "
    "summed over a service's replicas it is 1 when the outbox is relayed", ["service"])
HOLDS_OLDEST_AGE = Gauge(
    "award_holds_oldest_active_age_seconds",
    "Age on the business clock of the oldest hold in force here (0: none)", ["service"])
DB_STATEMENTS = Counter(
    "award_db_statements_total", "Statements units of work ran, by the route they served (none: events, timers)",
    ["service", "route", "method"])
DB_ROUND_TRIPS = Counter(
    "award_db_round_trips_total",
    "Round trips to the database server: statements, BEGIN, COMMIT and the pool's ping (SQLite: none)",
    ["service", "route", "method"])
DB_COMMITS = Counter(
    "award_db_commits_total", "Units of work committed that wrote or read anything", ["service", "route", "method"])
DB_SECONDS = Counter(
    "award_db_seconds_total",
    "Seconds units of work waited on their database (phase: connect, statements, commit)",
    ["service", "route", "method", "phase"])


#: What a consumed event can come to (``award_events_consumed_total``'s ``outcome``).
CONSUMED_OUTCOMES = ("applied", "duplicate", "dead_letter")


def at_zero(service, published=(), consumed=()):
    """Create, at 0, every series of a counter whose labels are known when the service starts:
    the event types it publishes, the types it consumes with each outcome, and its inbox's
    retries. A ``rate()`` over a series that does not exist yet is nothing, not 0, so an alert
    or a panel would stay silent until the first event."""
    for event_type in published:
        EVENTS_PUBLISHED.labels(service, event_type)
    for event_type in consumed:
        for outcome in CONSUMED_OUTCOMES:
            EVENTS_CONSUMED.labels(service, event_type, outcome)
    EVENTS_CONSUMED.labels(service, "undecodable", "dead_letter")
    INBOX_RETRIES.labels(service)
