"""Fixtures of revocation's service tests: a running revocation service that knows the 2019
cycle (under the 2018 rule set) and is told of awards as publicity would tell it."""
import pytest

from award_revocation.service import RevocationService
from revocation_testkit import CLOCK_2021, Office


@pytest.fixture
def office(service_factory, rabbit_config, tmp_path):
    svc = service_factory(RevocationService, clock=CLOCK_2021, extra={"DOCUMENT_DIR": str(tmp_path / "evidence")})
    return Office(svc, rabbit_config["AMQP_URI"]).open_cycle()
