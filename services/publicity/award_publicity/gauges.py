"""Publicity's own gauges (no label carries an id), set when ``/metrics`` is scraped."""
from prometheus_client import Gauge

from . import queries

PROVISIONAL_NOTICES = Gauge(
    "award_public_notices_provisional",
    "Open public notices whose window runs into a year with no official calendar loaded (Art. 17): "
    "they never close by themselves; load the year with PUT /admin/v1/calendar/{year}", ["service"])
OPEN_OBJECTIONS = Gauge(
    "award_objections_unresolved", "Objections not yet resolved by the leading group (Art. 17)", ["service"])


def refresh(tx):
    PROVISIONAL_NOTICES.labels(tx.service).set(len(queries.provisional_notices(tx)))
    OPEN_OBJECTIONS.labels(tx.service).set(queries.count_unresolved_objections(tx))
