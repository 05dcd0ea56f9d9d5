"""Fixtures of scoring's service tests: a running scoring service that knows the 2019 cycle
(under the 2018 rule set, as cycle.opened carried it) and its appointed third party."""
import pytest

from award_scoring.service import ScoringService
from scoring_testkit import CLOCK_2019, Desk, ruleset_2018


@pytest.fixture
def desk_factory(service_factory, rabbit_config):
    def make(**review):
        svc = service_factory(ScoringService, clock=CLOCK_2019)
        return Desk(svc, rabbit_config["AMQP_URI"], ruleset=ruleset_2018(**review)).open_cycle()
    return make


@pytest.fixture
def desk(desk_factory):
    """A panel of three keeps most tests short; the aggregation tests use the rule set's five."""
    return desk_factory(panel_size=3)
