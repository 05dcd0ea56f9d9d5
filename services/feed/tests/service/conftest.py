"""Fixtures of feed's service tests: a running feed service, told of public events as publicity
and revocation would tell it."""
import pytest

from award_feed.service import FeedService


@pytest.fixture
def feed(service_factory):
    return service_factory(FeedService, extra={"FEED_WAIT_MAX_SECONDS": 25, "FEED_POLL_SECONDS": 25})
