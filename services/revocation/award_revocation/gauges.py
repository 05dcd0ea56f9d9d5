"""Revocation's own gauges (contract.md: no label carries an id), set when /metrics is read."""
from prometheus_client import Gauge

from .domain.case_states import STATES

CASES = Gauge("award_revocation_cases", "revocation cases by state", ["state"])
#: seconds, Prometheus's base unit (``promtool check metrics``), counted in whole days of
#: Beijing time since the decision date; the alert AwardRecoveryOverdue reads it
OLDEST_OUTSTANDING = Gauge("award_revocation_oldest_outstanding_recovery_age_seconds",
                           "time since the decision of the oldest revocation whose recovery is not complete "
                           "(whole days, in seconds; 0: none)")
DAY = 86400


def refresh(counts, oldest_days):
    for state in STATES:
        CASES.labels(state).set(counts.get(state, 0))
    OLDEST_OUTSTANDING.set(oldest_days * DAY)
