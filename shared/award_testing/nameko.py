"""What the suite's tests took from nameko's pytest plugin, as the suite's own (issue 33,
item 2): the broker options, a per-test vhost pipeline, the management client, the
container and runner factories and the fast teardown.

nameko's plugin (``pytest_nameko``, which pytest loads from nameko's entry point) is switched
off in pytest.ini (``-p no:pytest_nameko``): its ``web_session`` fixture imports
``werkzeug.urls.url_join``, gone in Werkzeug 3, and kept Werkzeug pinned at 2.3 with its
known vulnerabilities. Only nameko's library (``nameko.testing.rabbit``,
``nameko.testing.utils``) is used here, never its plugin module.
"""
import secrets
import socket
import string
from collections.abc import Iterable
from urllib.parse import urlparse

import pytest


def pytest_addoption(parser):
    parser.addoption("--amqp-uri", "--rabbit-amqp-uri", action="store", dest="RABBIT_AMQP_URI",
                     default="pyamqp://guest:guest@localhost:5672/",
                     help="the RabbitMQ broker; each test runs in a vhost of its own (the URI's is ignored)")
    parser.addoption("--rabbit-api-uri", "--rabbit-ctl-uri", action="store", dest="RABBIT_API_URI",
                     default="http://guest:guest@localhost:15672", help="RabbitMQ's management API")


@pytest.fixture(scope="session")
def rabbit_manager(request):
    from nameko.testing import rabbit
    return rabbit.Client(request.config.getoption("RABBIT_API_URI"))


@pytest.fixture(scope="session")
def vhost_pipeline(request, rabbit_manager):
    """Vhosts made ahead of time in the background, each deleted (its connections closed)
    after the test that took it."""
    from kombu.pools import connections
    from nameko.testing.utils import ResourcePipeline
    from nameko.utils.retry import retry
    from requests.exceptions import HTTPError

    username = urlparse(request.config.getoption("RABBIT_AMQP_URI")).username

    def create():
        # from the OS, not the random module: hypothesis reseeds that for a derandomized test, and
        # a vhost made ahead then would take the name of one still in use and be deleted with it
        vhost = "award_test_" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
        rabbit_manager.create_vhost(vhost)
        rabbit_manager.set_vhost_permissions(vhost, username, ".*", ".*", ".*")
        return vhost

    @retry(for_exceptions=(HTTPError, socket.timeout), delay=1, max_attempts=9)
    def destroy(vhost):
        rabbit_manager.delete_vhost(vhost)
        for key, pool in list(connections.items()):
            if isinstance(key, Iterable) and key[4] == vhost:
                pool.force_close_all()

    with ResourcePipeline(create, destroy).run() as vhosts:
        yield vhosts


@pytest.fixture
def container_factory():
    from nameko.containers import get_container_cls
    made = []

    def make(service_cls, config):
        container = get_container_cls(config)(service_cls, config)
        made.append(container)
        return container

    yield make
    for container in made:
        try:
            container.kill()
        except Exception:  # noqa: BLE001 - already dead
            pass


@pytest.fixture
def runner_factory():
    from nameko.runners import ServiceRunner
    made = []

    def make(config, *service_classes):
        runner = ServiceRunner(config)
        for service_cls in service_classes:
            runner.add_service(service_cls)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        try:
            runner.kill()
        except Exception:  # noqa: BLE001 - already dead
            pass


@pytest.fixture(autouse=True)
def fast_teardown(request):
    """The vhost goes before the containers stop (the broker's basic.cancel ends their
    consumers' reads at once), and no consumer reconnects in between."""
    from kombu.mixins import ConsumerMixin

    for name in ("container_factory", "runner_factory", "rabbit_config"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    consumers = []
    original = ConsumerMixin.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        consumers.append(self)

    ConsumerMixin.__init__ = __init__
    yield
    ConsumerMixin.__init__ = original
    for consumer in consumers:
        consumer.should_stop = True
