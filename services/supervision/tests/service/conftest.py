"""Fixtures of supervision's service tests: the service in its own container, and intake's
side of the bus (``cycle.opened`` / ``cycle.closed``, ``hold.applied``) published on
``intake.events`` exactly as intake's relay publishes it (supervision_testing)."""
import pytest

from award_supervision.service import SupervisionService
from supervision_testing import CLOCK_2019, Bus, Supervision


@pytest.fixture
def bus(rabbit_config, declare_topology):
    return Bus(rabbit_config["AMQP_URI"])


@pytest.fixture
def supervision(service_factory, bus):
    return Supervision(service_factory(SupervisionService, clock=CLOCK_2019), bus)


@pytest.fixture
def cycle(supervision):
    """An open cycle (2019) with a sitting group of nine: p01..p09."""
    cycle_id = supervision.open_cycle(2019)
    supervision.appoint(cycle_id, [f"p{i:02d}" for i in range(1, 10)])
    return cycle_id
