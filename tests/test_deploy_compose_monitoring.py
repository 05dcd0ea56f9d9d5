"""docker-compose.yml's monitoring profile, named volumes, keys init service and broker users,
and deploy/make-keys.py, which that service runs (read and run here without Docker)."""
import os
import subprocess
import sys

import yaml

from award_testing import plain_yaml
from award_shared.bus.broker_access import uri_with_password, user_name
from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKE_KEYS = os.path.join(ROOT, "deploy", "make-keys.py")


def compose():
    with open(os.path.join(ROOT, "docker-compose.yml")) as fh:
        return plain_yaml.load(fh)


def host_path(mount):
    return os.path.join(ROOT, mount.split(":")[0])


def test_prometheus_and_grafana_run_in_the_monitoring_profile_with_the_repo_files():
    services = compose()["services"]
    for name in ("prometheus", "grafana"):
        assert services[name]["profiles"] == ["monitoring"]
        for mount in services[name]["volumes"]:
            if mount.startswith("./"):
                assert os.path.exists(host_path(mount)), mount
    assert not any("profiles" in services[s] for s in SERVICES)
    with open(os.path.join(ROOT, "deploy", "monitoring", "prometheus.yml")) as fh:
        targets = yaml.safe_load(fh)["scrape_configs"][0]["static_configs"][0]["targets"]
    ports = {s: services[s]["ports"][0].split(":")[1] for s in SERVICES}
    assert sorted(targets) == sorted(f"{s}:{ports[s]}" for s in SERVICES)
    with open(os.path.join(ROOT, "deploy", "monitoring", "grafana", "provisioning", "dashboards", "award.yml")) as fh:
        provider = yaml.safe_load(fh)["providers"][0]["options"]["path"]
    mounted = {m.split(":")[1]: m.split(":")[0] for m in services["grafana"]["volumes"]}
    assert os.path.exists(os.path.join(ROOT, mounted[provider], "award.json"))
    assert services["topology"]["environment"]["QUEUE_TYPE"] == services["intake"]["environment"]["QUEUE_TYPE"]
    # the queue policies that lose nothing (issue 14), set as Kubernetes' topology job sets them
    assert "--apply-policies" in services["topology"]["entrypoint"]


def test_data_lives_in_named_volumes():
    c = compose()
    assert any(v.startswith("postgres-data:") for v in c["services"]["postgres"]["volumes"])
    for svc in ("intake", "revocation"):
        mount = next(v for v in c["services"][svc]["volumes"] if v.startswith(f"{svc}-documents:"))
        assert c["services"][svc]["environment"][f"{svc.upper()}_DOCUMENT_DIR"] == mount.split(":")[1]
    assert {"postgres-data", "intake-documents", "revocation-documents"} <= set(c["volumes"])


def test_every_service_waits_for_the_keys_init_service():
    services = compose()["services"]
    assert "make-keys.py" in " ".join(services["keys"]["entrypoint"])
    for svc in SERVICES:
        assert services[svc]["depends_on"]["keys"]["condition"] == "service_completed_successfully"


def make_keys(directory):
    return subprocess.run([sys.executable, MAKE_KEYS, str(directory)], capture_output=True, text=True, check=True)


def test_keys_are_made_once_and_never_replaced(tmp_path):
    make_keys(tmp_path)
    secret = (tmp_path / "person-key.secret").read_text()
    public = (tmp_path / "jwt-public.pem").read_text()
    webhook_key = (tmp_path / "webhook-secret.key").read_text()
    from cryptography.fernet import Fernet
    assert len(secret.strip()) == 64 and "PUBLIC KEY" in public
    Fernet(webhook_key.strip().encode())  # feed's webhook secrets at rest: a Fernet key
    for name in ("person-key.secret", "webhook-secret.key"):
        assert oct((tmp_path / name).stat().st_mode & 0o777) == "0o600", name
    make_keys(tmp_path)
    assert (tmp_path / "person-key.secret").read_text() == secret
    assert (tmp_path / "jwt-public.pem").read_text() == public
    assert (tmp_path / "webhook-secret.key").read_text() == webhook_key
    # feed (and its migration, in the entrypoint) read that file unless the keys are given
    env = compose()["services"]["feed"]["environment"]
    assert env["WEBHOOK_SECRET_KEYS_FILE"] == "/app/var/keys/webhook-secret.key"


def test_each_service_gets_its_own_broker_password_once(tmp_path):
    make_keys(tmp_path)
    files = {s: tmp_path / "broker" / f"{user_name(service=s)}.secret" for s in SERVICES}
    passwords = {s: f.read_text().strip() for s, f in files.items()}
    assert len(set(passwords.values())) == len(SERVICES) and all(len(p) == 48 for p in passwords.values())
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in files.values())
    make_keys(tmp_path)
    assert {s: f.read_text().strip() for s, f in files.items()} == passwords


def test_every_service_connects_to_the_broker_as_its_own_user_not_the_administrator():
    """The topology job creates the users (as the broker's administrator) from the keys
    service's password files; each service's URI names only its user, the entrypoint adds the
    password from its file; the administrator's password appears nowhere but the topology job."""
    services = compose()["services"]
    topology = services["topology"]
    command = topology["entrypoint"]
    password_dir = command[command.index("--password-dir") + 1]
    assert "--apply-users" in command and topology["depends_on"]["keys"]["condition"] == "service_completed_successfully"
    keys_mount = next(m.split(":")[1] for m in topology["volumes"] if m.startswith("./var/keys:"))
    assert password_dir.startswith(keys_mount + "/")
    for svc in SERVICES:
        env = services[svc]["environment"]
        user = user_name(service=svc)
        assert env["AMQP_URI"] == f"pyamqp://{user}@rabbitmq:5672//"
        assert env["AMQP_PASSWORD_FILE"] == f"{password_dir}/{user}.secret"
        assert any(m.startswith("./var/keys:") and m.split(":")[1] == keys_mount for m in services[svc]["volumes"])
        assert services[svc]["depends_on"]["topology"]["condition"] == "service_completed_successfully"


def test_the_entrypoint_puts_the_password_from_its_file_in_the_uri_quoted(tmp_path):
    """The image's entrypoint, up to the migration: its broker block run by sh."""
    with open(os.path.join(ROOT, "deploy", "entrypoint.sh")) as fh:
        script = fh.read()
    block = script[script.index('if [ -n "$AMQP_PASSWORD_FILE" ]'):script.index('award-migrate "$SERVICE"')]
    (tmp_path / "pw.secret").write_text("p@ss/w:rd\n")
    env = dict(os.environ, AMQP_URI="pyamqp://award-intake@rabbitmq:5672//", AMQP_PASSWORD_FILE=str(tmp_path / "pw.secret"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    out = subprocess.run(["sh", "-c", block + 'echo "$AMQP_URI"'], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "pyamqp://award-intake:p%40ss%2Fw%3Ard@rabbitmq:5672//"


def test_the_password_from_its_file_is_put_in_the_uri_quoted():
    assert uri_with_password("pyamqp://award-intake@rabbitmq:5672//", "p@ss/w:rd") == \
        "pyamqp://award-intake:p%40ss%2Fw%3Ard@rabbitmq:5672//"
    assert uri_with_password("amqps://award-scoring:old@broker:5671/award", "new") == \
        "amqps://award-scoring:new@broker:5671/award"


def test_an_identity_providers_public_key_is_kept(tmp_path):
    (tmp_path / "jwt-public.pem").write_text("the provider's key\n")
    make_keys(tmp_path)
    assert (tmp_path / "jwt-public.pem").read_text() == "the provider's key\n"
    assert not (tmp_path / "jwt-private.pem").exists()


def test_the_broker_is_a_supported_release_with_no_default_user():
    """Issue 33, item 5: RabbitMQ 3.13 or newer (3.10 is out of support); no guest/guest: the
    only administrator is award-admin, whose password the keys service makes and only the
    topology job reads; the management API answers on the host's loopback only."""
    with open(os.path.join(ROOT, "docker-compose.yml")) as fh:
        assert "guest:guest" not in fh.read()
    services = compose()["services"]
    broker = services["rabbitmq"]
    major, minor = (int(x) for x in broker["image"].split(":")[1].split("-")[0].split(".")[:2])
    assert (major, minor) >= (3, 13) and broker["image"].endswith("-management")
    assert broker["environment"]["RABBITMQ_DEFAULT_USER"] == "award-admin"
    assert broker["depends_on"]["keys"]["condition"] == "service_completed_successfully"
    mounts = {m.split(":")[1]: m.split(":")[0] for m in broker["volumes"]}
    secret = next(path for path in mounts if path.endswith("award-admin.secret"))
    assert mounts[secret] == "./var/keys/broker/award-admin.secret" and f"cat {secret}" in broker["entrypoint"][-1]
    assert "RABBITMQ_DEFAULT_PASS" in broker["entrypoint"][-1]
    published = [p for p in broker["ports"] if p.endswith(":15672")]
    assert published == ["127.0.0.1:15672:15672"]
    topology = services["topology"]
    assert topology["entrypoint"][topology["entrypoint"].index("--amqp-uri") + 1].startswith("pyamqp://award-admin@")
    assert topology["environment"]["AMQP_PASSWORD_FILE"] == "/app/var/keys/broker/award-admin.secret"
    for svc in SERVICES:
        assert "award-admin" not in yaml.safe_dump(services[svc])


def test_the_keys_service_makes_the_administrators_password_once(tmp_path):
    make_keys(tmp_path)
    admin = tmp_path / "broker" / "award-admin.secret"
    password = admin.read_text().strip()
    assert len(password) == 48 and oct(admin.stat().st_mode & 0o777) == "0o600"
    make_keys(tmp_path)
    assert admin.read_text().strip() == password


def test_traces_go_to_the_monitoring_profile_s_collector_and_jaeger_only_when_turned_on():
    """Issue 33, item 5: the services export over OTLP/HTTP to the collector, which hands the
    spans to Jaeger; off unless OTEL_TRACES_EXPORTER=otlp (docs/operations.md, "Traces")."""
    services = compose()["services"]
    for name in ("otel-collector", "jaeger"):
        assert services[name]["profiles"] == ["monitoring"]
    [mount] = services["otel-collector"]["volumes"]
    with open(host_path(mount)) as fh:
        collector = yaml.safe_load(fh)
    assert mount.split(":")[1] in services["otel-collector"]["command"][0]
    assert collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    [exporter] = collector["service"]["pipelines"]["traces"]["exporters"]
    assert collector["exporters"][exporter]["endpoint"].startswith("jaeger:")
    for svc in SERVICES:
        env = services[svc]["environment"]
        assert env["OTEL_TRACES_EXPORTER"] == "${OTEL_TRACES_EXPORTER:-none}"
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"].endswith("http://otel-collector:4318}")


def test_the_console_keeps_its_sessions_in_its_database_with_the_keys_services_key(tmp_path):
    """Issue 35: compose's console shares its sessions through its own PostgreSQL database
    (made by deploy/postgres-init.sql), their tokens encrypted with the key the keys service
    makes once; Prometheus scrapes it with the label AwardConsoleDown reads."""
    from cryptography.fernet import Fernet
    console = compose()["services"]["console"]
    env = console["environment"]
    assert env["CONSOLE_DATABASE_URL"] == "postgresql://postgres@postgres:5432/console"
    assert console["depends_on"]["postgres"]["condition"] == "service_healthy"
    with open(os.path.join(ROOT, "deploy", "postgres-init.sql")) as fh:
        assert "CREATE DATABASE console;" in fh.read()
    make_keys(tmp_path)
    key = (tmp_path / "console-session.key").read_text()
    Fernet(key.strip().encode())  # a Fernet key
    assert oct((tmp_path / "console-session.key").stat().st_mode & 0o777) == "0o600"
    make_keys(tmp_path)
    assert (tmp_path / "console-session.key").read_text() == key  # never replaced
    assert env["CONSOLE_SESSION_KEYS_FILE"] == "/app/var/keys/" + "console-session.key"
    # the image's entrypoint migrates its sessions' store before it starts, as it does a service's database
    with open(os.path.join(ROOT, "deploy", "entrypoint.sh")) as fh:
        script = fh.read()
    assert 0 < script.index("award-migrate console") < script.index("exec award-console")
    with open(os.path.join(ROOT, "deploy", "monitoring", "prometheus.yml")) as fh:
        jobs = {j["job_name"]: j for j in yaml.safe_load(fh)["scrape_configs"]}
    assert jobs["console"]["static_configs"][0]["labels"] == {"service": "console"}
