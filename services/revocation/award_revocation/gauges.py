"""Revocation's own gauges (contract.md: no label carries an id), set when /metrics is read."""
from prometheus_client import Gauge

from .domain.case_states import STATES

CASES = Gauge("award_revocation_cases", "revocation cases by state", ["state"])
OLDEST_OUTSTANDING = Gauge("award_revocation_oldest_outstanding_recovery_days",
                           "days since the decision of the oldest revocation whose recovery is not complete")


def refresh(counts, oldest_days):
    for state in STATES:
        CASES.labels(state).set(counts.get(state, 0))
    OLDEST_OUTSTANDING.set(oldest_days)
