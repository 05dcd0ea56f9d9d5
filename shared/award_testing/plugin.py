"""pytest plugin of the suite: real RabbitMQ (a vhost per test), real databases
(SQLite file and PostgreSQL, each test on a fresh database), tokens, running services.

Loaded by the repository's root ``conftest.py``. No test is skipped for want of a broker
or a database: the run stops at once and says how to start what is missing.
"""
import contextlib
import os
import socket
import uuid
from urllib.parse import urlparse

import pytest
import requests
import sqlalchemy as sa
from cryptography.fernet import Fernet

from award_shared.store.migrations import upgrade
from award_shared.web import keys

from . import answers
from . import broker as testing_broker
from .databases import MigratedTemplates

PG_ADMIN_URL = os.environ.get("AWARD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
HOW_TO_START = {
    "rabbitmq": "start it with `rabbitmq-server -detached` and enable the management API with "
                "`rabbitmq-plugins enable rabbitmq_management` (or run `bash .ci/run`)",
    "postgresql": "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
                  "(or run `bash .ci/run`); set AWARD_TEST_PG_URL to use another server",
}


def pytest_addoption(parser):
    parser.addoption("--db", default="both", choices=("sqlite", "postgresql", "both"),
                     help="which database engines the service tests run on (default: both)")
    parser.addoption("--queue-type", default=os.environ.get("AWARD_TEST_QUEUE_TYPE") or "classic",
                     choices=("classic", "quorum"),
                     help="the inbox and bureau queues' type, as QUEUE_TYPE (default: $AWARD_TEST_QUEUE_TYPE "
                          "or classic); quorum also applies the shipped queue policies to each test's vhost")


def _port_open(host, port):
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


def pytest_sessionstart(session):
    missing = []
    if not _port_open("127.0.0.1", 5672):
        missing.append(f"RabbitMQ is not answering on 127.0.0.1:5672: {HOW_TO_START['rabbitmq']}")
    elif not _port_open("127.0.0.1", 15672):
        missing.append("RabbitMQ's management API is not answering on 127.0.0.1:15672 (the tests' per-test "
                       f"vhosts need it): {HOW_TO_START['rabbitmq']}")
    if session.config.getoption("--db") in ("postgresql", "both"):
        try:
            engine = sa.create_engine(PG_ADMIN_URL)
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            engine.dispose()
        except Exception as exc:  # noqa: BLE001
            missing.append(f"PostgreSQL is not answering at {PG_ADMIN_URL} ({exc.__class__.__name__}): "
                           f"{HOW_TO_START['postgresql']}")
    if missing:
        pytest.exit("cannot run the tests:\n- " + "\n- ".join(missing), returncode=3)


def pytest_generate_tests(metafunc):
    if "db_engine" in metafunc.fixturenames:
        choice = metafunc.config.getoption("--db")
        engines = ["sqlite", "postgresql"] if choice == "both" else [choice]
        # @pytest.mark.engines("postgresql"): a test whose subject is not the database (the
        # console's pages over the services, a trace across them) runs on the engines it names
        only = metafunc.definition.get_closest_marker("engines")
        if only is not None:  # (with --db naming only another engine, it runs there: never skipped)
            engines = [engine for engine in engines if engine in only.args] or engines
        metafunc.parametrize("db_engine", engines, scope="function")


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory):
    templates = MigratedTemplates(str(tmp_path_factory.mktemp("migrated")), PG_ADMIN_URL)
    yield templates
    templates.drop()


@pytest.fixture
def database_url_factory(db_engine, tmp_path, migrated_templates):
    """Fresh databases of the engine under test, dropped afterwards: empty, or — given the
    service's package (``migrated="award_intake"``) — at its newest migration
    (award_testing.databases)."""
    created = []  # (database, the package it was migrated for, or None)
    admin = migrated_templates.admin() if db_engine == "postgresql" else None

    def make(name="svc", migrated=None):
        if db_engine == "sqlite":
            path = f"{tmp_path}/{name}-{uuid.uuid4().hex[:6]}.db"
            if migrated:
                migrated_templates.sqlite_copy(migrated, path)
            return f"sqlite:///{path}"
        dbname = f"award_test_{name}_{uuid.uuid4().hex[:10]}"
        if migrated:
            dbname = migrated_templates.postgresql_database(migrated, dbname)
        else:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
        created.append((dbname, migrated))
        return migrated_templates.url_of(dbname)

    yield make
    for dbname, migrated in created:
        if migrated and migrated_templates.give_back(migrated, dbname):
            continue
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("keys")
    keys.ensure_dev_keypair(str(directory))
    return str(directory)


@pytest.fixture(scope="session")
def token(key_dir):
    """``token("office")`` or ``token("district", district="历下区", sub="lixia-1")``."""
    private = os.path.join(key_dir, keys.PRIVATE_KEY_NAME)

    def mint(*roles, sub=None, district=None):
        return keys.mint(private, sub or f"{roles[0]}-test", list(roles), district=district)
    return mint


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider for the session (award_testing.oidc): a missing install
    fails the test saying how to install it."""
    from .oidc import OidcProvider
    try:
        provider = OidcProvider()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield provider
    provider.close()


def free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A small HTTP client for one running service."""

    def __init__(self, base_url, token_factory, container=None):
        self.base_url = base_url
        self.container = container
        self.session = requests.Session()
        self._token = token_factory

    def call(self, method, path, *roles, json_body=None, data=None, sub=None, district=None, headers=None):
        headers = dict(headers or {})
        if roles:
            headers["Authorization"] = "Bearer " + self._token(*roles, sub=sub, district=district)
        response = self.session.request(method, self.base_url + path, json=json_body, data=data,
                                        headers=headers, timeout=30)
        if self.container is not None:
            answers.check(self.container, method, path, response)
        return response

    def get(self, path, *roles, **kw):
        return self.call("GET", path, *roles, **kw)

    def post(self, path, *roles, json_body=None, **kw):
        return self.call("POST", path, *roles, json_body=json_body if json_body is not None else {}, **kw)

    def every_page(self, path, key, *roles, **kw):
        """Every row ``key`` of a list that answers a page at a time (docs/contract.md, "Lists a
        page at a time"), 500 a page, ``next`` followed until null."""
        rows, after = [], None
        while True:
            page_path = f"{path}{'&' if '?' in path else '?'}limit=500" + (f"&after={after}" if after is not None else "")
            resp = self.get(page_path, *roles, **kw)
            assert resp.status_code == 200, (page_path, resp.text)
            rows, after = rows + resp.json()[key], resp.json()["next"]
            if after is None:
                return rows


@pytest.fixture
def queue_type(request):
    """``classic`` or ``quorum`` (``--queue-type``): what the topology and the services declare."""
    return request.config.getoption("--queue-type")


@pytest.fixture(scope="session")
def topology_pipeline(request, vhost_pipeline):
    """Vhosts with the topology of the run's ``--queue-type`` declared ahead of time
    (award_testing.broker)."""
    config = request.config
    pipeline = testing_broker.topology_pipeline(vhost_pipeline, config.getoption("RABBIT_AMQP_URI"),
                                                config.getoption("RABBIT_API_URI"), config.getoption("--queue-type"))
    with pipeline.run() as vhosts:
        yield vhosts


@pytest.fixture
def rabbit_config(request, vhost_pipeline):
    """a vhost of its own (award_testing.nameko); for a test that declares the topology (``declare_topology``) on
    the run's queue type, one with the topology already declared (``"topology_declared"``)."""
    pipeline, declared = vhost_pipeline, False
    if ("declare_topology" in request.fixturenames
            and request.getfixturevalue("queue_type") == request.config.getoption("--queue-type")):
        pipeline, declared = request.getfixturevalue("topology_pipeline"), True
    amqp_uri = request.config.getoption("RABBIT_AMQP_URI")
    with pipeline.get() as vhost:
        yield {"AMQP_URI": testing_broker.amqp_uri_of(amqp_uri, vhost), "username": urlparse(amqp_uri).username,
               "vhost": vhost, "topology_declared": declared}


@pytest.fixture
def declare_topology(rabbit_config, queue_type, request):
    def declare(bureaus=()):
        return testing_broker.declare_topology(rabbit_config["AMQP_URI"], request.config.getoption("RABBIT_API_URI"),
                                               rabbit_config["vhost"], queue_type, bureaus)

    if not rabbit_config.get("topology_declared"):
        declare()
    return declare


#: the Fernet key feed's webhook secrets are encrypted with in the tests (WEBHOOK_SECRET_KEYS)
WEBHOOK_TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture
def service_factory(database_url_factory, rabbit_config, container_factory, key_dir, token, declare_topology,
                    queue_type):
    # fixture order matters at teardown: containers stop before their databases are dropped
    """Start one service in its own container, its own port and its own migrated database."""

    def start(service_cls, *, database_url=None, clock="wall", extra=None, start=True):
        name = service_cls.name
        if database_url is None:
            url = database_url_factory(name, migrated=f"award_{name}")
        else:  # a database the test made or shares: brought to the newest migration, as before
            url = database_url
            upgrade(f"award_{name}", url)
        port = free_port()
        config = {
            "AMQP_URI": rabbit_config["AMQP_URI"],
            "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",  # where it is served, as scripts/up derives it
            "DATABASE_URL": url,
            "JWT_PUBLIC_KEY_FILE": os.path.join(key_dir, keys.PUBLIC_KEY_NAME),
            "CLOCK": clock,
            "OUTBOX_POLL_SECONDS": 0.2,
            "PUBLIC_RATE_PER_MINUTE": 100000,
            "PERSON_KEY_SECRET": "test-secret",
            "QUEUE_TYPE": queue_type,
        }
        if name == "feed":  # feed does not start without the key of its webhook secrets at rest
            config["WEBHOOK_SECRET_KEYS"] = WEBHOOK_TEST_KEY
        config.update(extra or {})
        container = container_factory(service_cls, config)
        if start:
            container.start()
        container.client = Client(f"http://127.0.0.1:{port}", token, container)
        container.database_url = url
        container.engine = sa.create_engine(url)
        return container

    return start
