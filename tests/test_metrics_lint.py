"""Every service's ``/metrics`` passes ``promtool check metrics`` (Prometheus's own lint: base
units, counter suffixes, help text), and the counters whose labels are known when a service
starts are there at 0 before anything happened: a ``rate()`` over a missing series is
nothing, not 0, and an alert on it would stay silent. promtool comes from scripts/install --test."""
import shutil
import subprocess

import pytest

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_shared.bus.topology import SUBSCRIPTIONS
from award_shared.events.schemas import PUBLISHERS
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService

# the subject is /metrics' names and help text (promtool), the same on either engine:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)


def promtool_lint(text):
    exe = shutil.which("promtool")
    assert exe, "promtool is missing: run scripts/install --test (Debian's package prometheus brings it)"
    done = subprocess.run([exe, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
    return done.returncode, (done.stdout + done.stderr).strip()


def series(text):
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines() if line and not line.startswith("#")}


@pytest.mark.parametrize("service_class", SERVICES, ids=lambda c: c.name)
def test_metrics_pass_promtool_and_known_counters_start_at_zero(service_factory, service_class):
    svc = service_factory(service_class, clock=CLOCK)
    text = svc.client.get("/metrics").text
    code, problems = promtool_lint(text)
    assert code == 0 and not problems, f"{service_class.name}'s /metrics fails promtool's lint:\n{problems}"

    exposed = series(text)
    name = service_class.name
    # present from the start (at 0 in a fresh process; other tests of this run may have counted)
    assert f'award_inbox_retries_total{{service="{name}"}}' in exposed
    published = sorted(t for t, publishers in PUBLISHERS.items() if name in publishers)
    consumed = sorted({t for types in SUBSCRIPTIONS[name].values() for t in types})
    assert consumed and (published or name == "feed")  # feed publishes nothing: it serves over HTTP
    for event_type in published:
        assert f'award_events_published_total{{service="{name}",type="{event_type}"}}' in exposed
    for event_type in consumed:
        for outcome in ("applied", "duplicate", "dead_letter"):
            assert f'award_events_consumed_total{{outcome="{outcome}",service="{name}",type="{event_type}"}}' in exposed


def test_at_zero_creates_the_series_with_their_known_labels_at_zero():
    from prometheus_client import REGISTRY

    from award_shared import metrics
    metrics.at_zero("lint-only", published=["award.revoked"], consumed=["award.granted"])
    value = REGISTRY.get_sample_value
    assert value("award_events_published_total", {"service": "lint-only", "type": "award.revoked"}) == 0.0
    for outcome in ("applied", "duplicate", "dead_letter"):
        assert value("award_events_consumed_total",
                     {"service": "lint-only", "type": "award.granted", "outcome": outcome}) == 0.0
    assert value("award_inbox_retries_total", {"service": "lint-only"}) == 0.0
